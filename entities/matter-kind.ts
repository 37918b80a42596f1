/** How a case of the matter is completed: on the spot (即办件) or within a promised limit (承诺件). */
export enum MatterKind {
  ON_THE_SPOT = 'ON_THE_SPOT',
  PROMISED = 'PROMISED',
}

export const MATTER_KIND_LABELS: Record<MatterKind, string> = {
  ON_THE_SPOT: '即办件',
  PROMISED: '承诺件',
};
