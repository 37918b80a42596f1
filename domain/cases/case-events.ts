import type { ServiceCase } from '../../entities/case.js';
import type { CountsChanged } from '../live-counts/counts-changed.js';

/** What a case step changes for the live counts: published after its commit. */
export function caseCountsChanged(serviceCase: ServiceCase, departmentCode: string): CountsChanged {
  return { kind: 'case', departmentCode, divisionCode: serviceCase.divisionCode };
}
