/** Whether the applicant hands in the original, a copy, or both (原件 / 复印件 / 原件及复印件). */
export enum MaterialForm {
  ORIGINAL = 'ORIGINAL',
  COPY = 'COPY',
  ORIGINAL_AND_COPY = 'ORIGINAL_AND_COPY',
}

export interface MaterialState {
  name: string;
  form: MaterialForm;
  copies: number;
  required: boolean;
}

export interface FeeState {
  item: string;
  standard: string;
  basis: string;
}
