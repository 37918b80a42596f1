import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { IntegratedCertificate } from '../../entities/integrated-certificate.js';
import { LicenceType } from '../../entities/licence-type.js';
import { SigningKey } from '../../entities/signing-key.js';

/** Published after a commit that changed reference data; every hub instance forgets its copy. */
export const REFERENCE_DATA_CHANGED = 'reference-data:changed';

/** The entities whose rows are reference data: read by every registration, changed by an administrator. */
export const REFERENCE_ENTITIES: readonly unknown[] = [Department, IntegratedCertificate, LicenceType, SigningKey];

/**
 * Reference data held by this process: the departments, the integrated certificates (多证合一),
 * the licence types and the active signing key, which every registration reads and almost nothing writes. Each is
 * read once and kept until a commit changes it here (reference-data-after-commit.ts forgets at
 * once) or in another instance (its announcement on the PubSub, over Redis when configured).
 *
 * The rows are kept as the entities a fork of their own loaded them as; a request that uses one as
 * a relation (a certificate's department) references it by id, as it does the principal's
 * department. A key made on first use inside a transaction is not kept: that transaction may roll
 * back, and a licence must never be signed with a key that is not in the database.
 */
export class ReferenceData {
  private certificates: Promise<IntegratedCertificate[]> | undefined;
  private departments: Promise<{ byCode: Map<string, Department>; byId: Map<string, Department> }> | undefined;
  private readonly licenceTypes = new Map<string, Promise<LicenceType | null>>();
  private readonly licenceTypesRead = new Map<string, LicenceType | null>();
  private signingKey: Promise<SigningKey | null> | undefined;
  private generation = 0;

  constructor(private readonly rootEm: EntityManager) {}

  allCertificates(): Promise<IntegratedCertificate[]> {
    return (this.certificates ??= this.kept(() =>
      this.rootEm.fork().find(IntegratedCertificate, {}, { populate: ['department'], orderBy: { code: 'asc' } }),
    ));
  }

  /** The departments of these codes, in their order; a code no department has is left out. */
  async departmentsByCode(codes: readonly string[]): Promise<Department[]> {
    const { byCode } = await this.allDepartments();
    return codes.flatMap((code) => byCode.get(code) ?? []);
  }

  /** The departments of these ids, in their order, null for an id no department has. */
  async departmentsById(ids: readonly string[]): Promise<Array<Department | null>> {
    const { byId } = await this.allDepartments();
    return ids.map((id) => byId.get(id) ?? null);
  }

  private allDepartments() {
    return (this.departments ??= this.kept(async () => {
      const departments = await this.rootEm.fork().find(Department, {}, { orderBy: { code: 'asc' } });
      return {
        byCode: new Map(departments.map((department) => [department.code, department])),
        byId: new Map(departments.map((department) => [department.id, department])),
      };
    }));
  }

  licenceType(code: string): Promise<LicenceType | null> {
    let type = this.licenceTypes.get(code);
    if (!type) {
      const reading = this.kept(() => this.rootEm.fork().findOne(LicenceType, { code }, { populate: ['issuer'] }));
      type = reading;
      this.licenceTypes.set(code, reading);
      reading.then(
        (read) => {
          // Only while this read is still the kept one: a change since has dropped it.
          if (this.licenceTypes.get(code) === reading) this.licenceTypesRead.set(code, read);
        },
        () => {},
      );
    }
    return type;
  }

  /**
   * The licence type of this code if it has been read already (null when there is none), else
   * undefined: a page of licences names a handful of types, and their fields resolve without waiting.
   */
  licenceTypeRead(code: string): LicenceType | null | undefined {
    return this.licenceTypesRead.get(code);
  }

  /** The active signing key, or null when the database has none yet. */
  activeSigningKey(): Promise<SigningKey | null> {
    return (this.signingKey ??= this.kept(() =>
      this.rootEm.fork().findOne(SigningKey, { retiredAt: null }, { orderBy: { createdAt: 'desc' }, populate: ['privateKeyPem'] }),
    ));
  }

  /** Drops every copy: the next use reads again. */
  forget(): void {
    this.generation += 1;
    this.certificates = undefined;
    this.departments = undefined;
    this.licenceTypes.clear();
    this.licenceTypesRead.clear();
    this.signingKey = undefined;
  }

  /** A read that, if it fails or a change arrives while it runs, is not kept. */
  private kept<T>(read: () => Promise<T>): Promise<T> {
    const generation = this.generation;
    const reading = read();
    reading.then(
      () => {
        if (generation !== this.generation) this.forget();
      },
      () => this.forget(),
    );
    return reading;
  }
}

const attached = new WeakMap<object, ReferenceData>();

/** Gives every EntityManager of this ORM (forks share its configuration) the process's copy. */
export function attachReferenceData(rootEm: EntityManager): ReferenceData {
  const data = new ReferenceData(rootEm);
  attached.set(rootEm.config, data);
  return data;
}

/** The process's copy for this ORM, or null where none is attached (offline scripts read the database). */
export function referenceDataOf(em: EntityManager): ReferenceData | null {
  return attached.get(em.config) ?? null;
}

/** The departments of these codes, in their order: from the process's copy where the hub keeps one, else read. */
export async function departmentsWithCodes(em: EntityManager, codes: readonly string[]): Promise<Department[]> {
  if (codes.length === 0) return [];
  const kept = await referenceDataOf(em)?.departmentsByCode(codes);
  if (kept) return kept;
  const read = await em.find(Department, { code: { $in: [...codes] } });
  return codes.flatMap((code) => read.filter((department) => department.code === code));
}
