import type { Department } from '../../entities/department.js';
import { actorName, type Principal } from '../auth/principal.js';

/** Who acts on a licence: the department, and the clerk or system name recorded with the act. */
export interface LicenceActor {
  department: Department;
  name: string;
}

export function licenceActor(principal: Principal): LicenceActor {
  return { department: principal.department, name: actorName(principal) };
}
