import { MATTER_KIND_LABELS, MatterKind } from '../../entities/matter-kind.js';

export function parseMatterKind(text: string): MatterKind | undefined {
  const value = text.trim();
  if (value in MATTER_KIND_LABELS) return value as MatterKind;
  return (Object.keys(MATTER_KIND_LABELS) as MatterKind[]).find((kind) => MATTER_KIND_LABELS[kind] === value);
}
