import type { EntityManager } from '@mikro-orm/sql';
import { uuidv7 } from '../support/uuid-v7.js';
import { checkHolderCode } from '../domain/licence/licence-holder.js';
import { checkLicenceFields } from '../domain/licence/licence-fields.js';
import { LicenceStatus } from '../entities/licence-status.js';
import { checkValidity } from '../domain/licence/licence-validity.js';
import { jwsSigningInput, licenceDocument } from '../domain/licence/signed-document.js';
import { activeSigningKey, signWith } from '../domain/licence/signing-keys.js';
import { composeLicenceIdentifier } from '../domain/licence-identifier.js';
import { EnterpriseKind } from '../entities/enterprise-kind.js';
import { EnterpriseStatus } from '../entities/enterprise-status.js';
import { RegistrationKind } from '../entities/registration-kind.js';
import { ReceiptStatus } from '../entities/receipt-status.js';
import { normalise, searchGrams } from '../domain/search-grams.js';
import { addCalendarDays } from '../domain/working-days.js';
import { Department } from '../entities/department.js';
import type { Licence } from '../entities/licence.js';
import { LicenceType } from '../entities/licence-type.js';
import { demoEnterprises, PLACES, type DemoEnterprise } from './enterprises.js';
import { demoIntegratedCertificates } from './integrated-certificates.js';
import { insertRows } from './insert-rows.js';
import { businessLicenceFields } from '../domain/licence/issue-business-licence.js';

const REGISTRY_WINDOW = 'SCJG/演示登记窗口';
const FOOD_LICENCE_WINDOW_START = '2022-01-01';

type Row = Record<string, unknown>;

/**
 * Writes the demo registry (demo/enterprises.ts) with everything the window would have written
 * for it — registrations with the certificates they stood for and the departments' receipts,
 * signed business licences (re-issued on a change, cancelled on 注销, revoked on 吊销), food-business
 * licences, the old tax certificates, construction permits — and what the tax, social-insurance and
 * statistics systems know of each entity (its sourced record). Set-based: a few statements for the
 * whole district, so the first start stays quick; the history is the past, so no outbox events.
 * Returns how many entities were written (0 when the registry already has the first of them).
 */
export async function seedDemoEnterprises(em: EntityManager): Promise<number> {
  const enterprises = demoEnterprises();
  const [{ present }] = await em.execute<Array<{ present: number }>>(`select count(*)::int as present from enterprise where uscc = ?`, [
    enterprises[0]!.uscc,
  ]);
  if (present > 0) return 0;
  const departments = new Map((await em.find(Department, {})).map((department) => [department.code, department]));
  const types = new Map((await em.find(LicenceType, {})).map((type) => [type.code, type]));
  const scjg = departments.get('SCJG')!;
  const key = await activeSigningKey(em);
  const serials = await em.execute<Array<{ next: string }>>(
    `select nextval('licence_serial_seq')::text as next from generate_series(1, ?)`,
    [enterprises.length * 3],
  );
  let serialIndex = 0;

  const rows = {
    enterprise: [] as Row[],
    registration: [] as Row[],
    receipt: [] as Row[],
    licence: [] as Row[],
    status: [] as Row[],
    change: [] as Row[],
    sourced: [] as Row[],
  };
  const history = (
    licenceId: string,
    fromStatus: LicenceStatus | null,
    toStatus: LicenceStatus,
    reason: string,
    changedBy: string,
    at: Date,
    document: string | null = null,
  ) =>
    rows.status.push({
      id: uuidv7(),
      licence_id: licenceId,
      from_status: fromStatus,
      to_status: toStatus,
      reason,
      document,
      changed_by: changedBy,
      changed_at: at.toISOString(),
    });

  /** A licence as issueLicence makes it: holder, validity and fields checked, identifier composed, document signed. */
  const licence = (input: {
    typeCode: string;
    enterprise: DemoEnterprise & { id: string };
    issuedOn: string;
    fields: Row;
    number?: string;
    serial?: string;
    version?: number;
    matterCode?: string;
    validTo?: string | null;
  }) => {
    const type = types.get(input.typeCode)!;
    const issuer = type.issuer.id === scjg.id ? scjg : [...departments.values()].find((department) => department.id === type.issuer.id)!;
    const holder = checkHolderCode(input.enterprise.uscc, type.holderCodeTypes, 'demo.holderCode');
    const validity = checkValidity(input.issuedOn, input.validTo, type.defaultValidityMonths, 'demo');
    const serial = input.serial ?? input.issuedOn.replaceAll('-', '') + serials[serialIndex++]!.next.padStart(8, '0');
    const version = input.version ?? 1;
    const record = {
      id: uuidv7(),
      identifier: composeLicenceIdentifier({
        typeCode: type.typeCode,
        issuerUscc: issuer.uscc!,
        serial,
        version: String(version).padStart(3, '0'),
      }),
      licenceTypeCode: type.code,
      name: type.name,
      number: input.number ?? serial,
      serial,
      licenceVersion: version,
      holderCode: holder.code,
      holderCodeType: holder.codeType,
      holderName: input.enterprise.name,
      issuedAt: at(input.issuedOn, 11),
      validFrom: validity.validFrom,
      validTo: validity.validTo,
      matterCode: input.matterCode ?? null,
      fields: checkLicenceFields(type, input.fields, 'demo.fields'),
    };
    const signature = signWith(key, jwsSigningInput(licenceDocument(record as unknown as Licence, type, issuer), key.kid).input);
    const row: Row = {
      id: record.id,
      licence_type_code: record.licenceTypeCode,
      name: record.name,
      number: record.number,
      holder_code: record.holderCode,
      holder_name: record.holderName,
      enterprise_id: input.enterprise.id,
      issuer_id: issuer.id,
      issued_at: record.issuedAt.toISOString(),
      valid_from: record.validFrom,
      valid_to: record.validTo,
      status: LicenceStatus.VALID,
      fields: record.fields,
      identifier: record.identifier,
      serial,
      licence_version: version,
      holder_code_type: record.holderCodeType,
      matter_code: record.matterCode,
      signature,
      signing_key_id: key.kid,
      superseded_by: null,
    };
    rows.licence.push(row);
    return row;
  };
  /** Registration, and the receiving departments' receipts (acknowledged long ago). */
  const registration = (enterprise: DemoEnterprise & { id: string }, kind: RegistrationKind, on: string, document: string | null) => {
    const inForce = demoIntegratedCertificates
      .filter((certificate) => certificate.kinds.includes(enterprise.kind) && certificate.effectiveFrom <= on)
      .sort((a, b) => a.code.localeCompare(b.code));
    const certificates = inForce.map(({ code, name, departmentCode }) => ({ code, name, departmentCode }));
    if (!certificates.some((certificate) => certificate.code === 'BUSINESS_LICENCE'))
      certificates.unshift({ code: 'BUSINESS_LICENCE', name: '营业执照', departmentCode: 'SCJG' });
    const id = uuidv7();
    rows.registration.push({
      id,
      enterprise_id: enterprise.id,
      kind,
      department_id: scjg.id,
      certificates,
      document,
      registered_at: at(on, 10).toISOString(),
    });
    const receivers = new Map<string, string[]>();
    for (const certificate of inForce) {
      if (certificate.departmentCode === 'SCJG') continue;
      receivers.set(certificate.departmentCode, [...(receivers.get(certificate.departmentCode) ?? []), certificate.code]);
    }
    for (const [code, certificateCodes] of receivers) {
      rows.receipt.push({
        id: uuidv7(),
        registration_id: id,
        department_id: departments.get(code)!.id,
        certificate_codes: certificateCodes,
        status: ReceiptStatus.ACKNOWLEDGED,
        updated_at: at(addCalendarDays(on, 1), 9).toISOString(),
      });
    }
  };

  const contractors = enterprises.filter((e) => e.registeredHere && e.industryCode === 'E4790' && !e.end);
  for (const [index, facts] of enterprises.entries()) {
    const enterprise = { ...facts, id: uuidv7() };
    const ended = enterprise.end;
    rows.enterprise.push({
      id: enterprise.id,
      uscc: enterprise.uscc,
      name: enterprise.name,
      name_grams: searchGrams(enterprise.name),
      search_name: normalise(enterprise.name),
      kind: enterprise.kind,
      legal_representative: enterprise.legalRepresentative,
      legal_representative_id_number: enterprise.legalRepresentativeIdNumber ?? null,
      registered_capital_wan_yuan: enterprise.registeredCapitalWanYuan,
      address: enterprise.address,
      division_code: enterprise.divisionCode,
      industry_code: enterprise.industryCode,
      business_scope: enterprise.businessScope,
      established_on: enterprise.establishedOn,
      parent_uscc: enterprise.parentUscc,
      registering_authority_id: scjg.id,
      status: ended?.status ?? EnterpriseStatus.ACTIVE,
      deregistered_at: ended?.status === EnterpriseStatus.DEREGISTERED ? at(ended.on, 15).toISOString() : null,
      // Each change, 注销 and 吊销 moved the optimistic-lock version on.
      version: enterprise.registeredHere ? 1 + (enterprise.change ? 1 : 0) + (ended ? 1 : 0) : 1,
      created_at: at(enterprise.establishedOn, 10).toISOString(),
      updated_at: at(ended?.on ?? enterprise.change?.on ?? enterprise.establishedOn, 15).toISOString(),
    });
    recordDepartmentFacts(rows.sourced, enterprise, index);
    // Firms of other districts are in the registry as imported: registered and licensed where they are.
    if (!enterprise.registeredHere) continue;

    registration(enterprise, RegistrationKind.ESTABLISHMENT, enterprise.establishedOn, null);
    const change = enterprise.change;
    const before = change ? { ...enterprise, [change.field]: change.oldValue } : enterprise;
    let business = licence({
      typeCode: 'BUSINESS_LICENCE',
      enterprise,
      issuedOn: enterprise.establishedOn,
      number: enterprise.uscc,
      validTo: null,
      fields: businessLicenceFields(before),
    });
    history(business.id as string, null, LicenceStatus.VALID, 'issued', REGISTRY_WINDOW, at(enterprise.establishedOn, 11));
    if (change) {
      registration(enterprise, RegistrationKind.CHANGE, change.on, change.document);
      const renewal = licence({
        typeCode: 'BUSINESS_LICENCE',
        enterprise,
        issuedOn: enterprise.establishedOn,
        number: enterprise.uscc,
        serial: business.serial as string,
        version: 2,
        validTo: null,
        fields: businessLicenceFields(enterprise),
      });
      // A re-issue is signed when it happens: its issue instant is the change's, its first valid day the establishment's.
      renewal.issued_at = at(change.on, 11).toISOString();
      resign(renewal);
      business.status = LicenceStatus.CANCELLED;
      business.superseded_by = renewal.identifier;
      history(
        renewal.id as string,
        null,
        LicenceStatus.VALID,
        `renewed from ${business.identifier}: change registration ${change.document}`,
        REGISTRY_WINDOW,
        at(change.on, 11),
      );
      history(
        business.id as string,
        LicenceStatus.VALID,
        LicenceStatus.CANCELLED,
        `renewed as ${renewal.identifier}: change registration ${change.document}`,
        REGISTRY_WINDOW,
        at(change.on, 11),
      );
      rows.change.push({
        id: uuidv7(),
        enterprise_id: enterprise.id,
        registration_id: rows.registration.at(-1)!.id,
        field: change.field,
        old_value: change.oldValue,
        new_value: String(enterprise[change.field]),
        changed_by: REGISTRY_WINDOW,
        document: change.document,
        changed_at: at(change.on, 10).toISOString(),
      });
      business = renewal;
    }

    const others: Row[] = [];
    if (enterprise.taxCertificate) {
      const issuedOn = addCalendarDays(enterprise.establishedOn, 10);
      const certificate = licence({
        typeCode: 'TAX_REGISTRATION',
        enterprise,
        issuedOn,
        fields: { taxpayerType: taxpayerType(enterprise) === 'GENERAL' ? '一般纳税人' : '小规模纳税人', taxAuthority: TAX_AUTHORITY },
      });
      history(certificate.id as string, null, LicenceStatus.VALID, 'issued', 'SW/税务登记窗口', at(issuedOn, 11));
      const replacedOn = '2017-12-29';
      if (!ended || ended.on > replacedOn) {
        certificate.status = LicenceStatus.CANCELLED;
        history(
          certificate.id as string,
          LicenceStatus.VALID,
          LicenceStatus.CANCELLED,
          '三证合一：税务登记证由加载统一社会信用代码的营业执照替代',
          'SW/税务登记窗口',
          at(replacedOn, 16),
          '国办发〔2015〕50号',
        );
      } else others.push(certificate);
    }
    if (enterprise.food) {
      // Food licences run five years: the ones shown were issued (or last renewed) within the last five.
      const issuedOn =
        enterprise.establishedOn >= FOOD_LICENCE_WINDOW_START
          ? addCalendarDays(enterprise.establishedOn, 15)
          : addCalendarDays(FOOD_LICENCE_WINDOW_START, (index * 37) % 1400);
      if (!ended || ended.on > issuedOn) {
        const catering = enterprise.industryCode.startsWith('H');
        const food = licence({
          typeCode: 'FOOD_BUSINESS_LICENCE',
          enterprise,
          issuedOn,
          matterCode: 'SCJG-XK-006',
          fields: {
            mainBusinessType: catering ? '餐饮服务经营者' : '食品销售经营者',
            businessItems: catering ? ['热食类食品制售', '冷食类食品制售'] : ['预包装食品（含冷藏冷冻食品）销售', '散装食品销售'],
            premises: enterprise.address,
          },
        });
        history(food.id as string, null, LicenceStatus.VALID, 'issued', 'SCJG/食品许可窗口', at(issuedOn, 11));
        if (!ended && index % 9 === 0) {
          food.status = LicenceStatus.SUSPENDED;
          history(
            food.id as string,
            LicenceStatus.VALID,
            LicenceStatus.SUSPENDED,
            '日常监督检查不合格，暂扣许可证，责令限期整改',
            'SCJG/食品安全监管科',
            at(addCalendarDays(issuedOn, 20), 15),
            `昭市监食处〔${issuedOn.slice(0, 4)}〕${index}号`,
          );
        }
        others.push(food);
      }
    }
    if (enterprise.industryCode === 'K7010' && !ended && enterprise.establishedOn < '2026-01-01' && contractors.length > 0) {
      const contractor = contractors[index % contractors.length]!;
      const startDate = addCalendarDays(enterprise.establishedOn, 120);
      const permit = licence({
        typeCode: 'CONSTRUCTION_PERMIT',
        enterprise,
        issuedOn: addCalendarDays(startDate, -20),
        validTo: null,
        matterCode: 'ZJJ-XK-001',
        fields: {
          projectName: `${enterprise.name.replace(/^广元市昭化区|有限公司$/g, '')}安置小区${1 + (index % 3)}期`,
          projectAddress: enterprise.address,
          constructionAreaSqm: 8000 + (index % 7) * 2500,
          contractPriceWanYuan: String(1200 + (index % 11) * 350),
          contractor: contractor.name,
          startDate,
        },
      });
      history(permit.id as string, null, LicenceStatus.VALID, 'issued', 'ZJJ/建设工程许可窗口', at(permit.valid_from as string, 11));
    }

    if (ended?.status === EnterpriseStatus.DEREGISTERED) {
      registration(enterprise, RegistrationKind.DEREGISTRATION, ended.on, ended.document);
      for (const live of [business, ...others].filter(
        (row) => row.status === LicenceStatus.VALID || row.status === LicenceStatus.SUSPENDED,
      )) {
        history(
          live.id as string,
          live.status as LicenceStatus,
          LicenceStatus.CANCELLED,
          `holder ${enterprise.uscc} deregistered`,
          REGISTRY_WINDOW,
          at(ended.on, 15),
          ended.document,
        );
        live.status = LicenceStatus.CANCELLED;
      }
    } else if (ended?.status === EnterpriseStatus.REVOKED) {
      history(
        business.id as string,
        LicenceStatus.VALID,
        LicenceStatus.REVOKED,
        ended.reason,
        'SCJG/行政执法大队',
        at(ended.on, 15),
        ended.document,
      );
      business.status = LicenceStatus.REVOKED;
      // As revoking a business licence through the API records it (domain/registration/follow-business-licence.ts).
      registration(enterprise, RegistrationKind.REVOCATION, ended.on, ended.document);
      rows.change.push({
        id: uuidv7(),
        enterprise_id: enterprise.id,
        registration_id: rows.registration.at(-1)!.id,
        field: 'status',
        old_value: EnterpriseStatus.ACTIVE,
        new_value: EnterpriseStatus.REVOKED,
        changed_by: 'SCJG/行政执法大队',
        document: ended.document,
        changed_at: at(ended.on, 15).toISOString(),
      });
    }
  }

  function resign(row: Row): void {
    const type = types.get(row.licence_type_code as string)!;
    const record = { ...camel(row), issuedAt: new Date(row.issued_at as string) };
    row.signature = signWith(key, jwsSigningInput(licenceDocument(record as unknown as Licence, type, scjg), key.kid).input);
  }

  await insertRows(em, 'enterprise', rows.enterprise);
  await insertRows(em, 'registration', rows.registration);
  await insertRows(em, 'registration_receipt', rows.receipt);
  await insertRows(em, 'licence', rows.licence);
  await insertRows(em, 'licence_status_change', rows.status);
  await insertRows(em, 'enterprise_change', rows.change);
  await insertRows(em, 'sourced_record', rows.sourced);
  return rows.enterprise.length;
}

const TAX_AUTHORITY = '国家税务总局广元市昭化区税务局';

function taxpayerType(enterprise: DemoEnterprise): 'GENERAL' | 'SMALL_SCALE' {
  return enterprise.kind === EnterpriseKind.COMPANY && Number(enterprise.registeredCapitalWanYuan) >= 500 ? 'GENERAL' : 'SMALL_SCALE';
}

/** What the tax (SW), social-insurance (RS) and statistics (TJ) systems sent about the entity. */
function recordDepartmentFacts(rows: Row[], enterprise: DemoEnterprise, index: number): void {
  const fields: Row = {};
  const sources: Row = {};
  const sent = (department: string, on: string, values: Row) => {
    for (const [field, value] of Object.entries(values)) {
      fields[field] = value;
      sources[field] = { department, sourceEventId: `demo-${department.toLowerCase()}-${enterprise.uscc}`, at: at(on, 17).toISOString() };
    }
  };
  const ended = enterprise.end;
  const taxOn = addCalendarDays(enterprise.establishedOn, 3);
  sent('SW', ended?.on ?? taxOn, {
    taxpayerType: taxpayerType(enterprise),
    taxAuthority: enterprise.registeredHere
      ? TAX_AUTHORITY
      : `国家税务总局${PLACES[enterprise.divisionCode]!.replace(/^四川省|^上海市|^北京市/, (province) => (province === '四川省' ? '' : province))}税务局`,
    taxStatus: ended?.status === EnterpriseStatus.DEREGISTERED ? 'CANCELLED' : ended ? 'NON_FILING' : 'NORMAL',
  });
  if (enterprise.registeredHere && enterprise.kind !== EnterpriseKind.INDIVIDUAL_BUSINESS) {
    sent('RS', addCalendarDays(enterprise.establishedOn, 20), {
      socialInsuranceAccount: `51081100${String(10000 + index).padStart(6, '0')}`,
      insuredEmployees: ended ? 0 : enterprise.kind === EnterpriseKind.COMPANY ? 5 + ((index * 13) % 120) : 1 + (index % 9),
    });
    sent('TJ', addCalendarDays(enterprise.establishedOn, 30), { statisticsUnitCode: enterprise.uscc.slice(8, 17) });
  }
  rows.push({
    id: uuidv7(),
    record_type: 'enterprise',
    natural_key: enterprise.uscc,
    fields,
    sources,
    updated_at: new Date().toISOString(),
  });
}

/** An hour of the day, Beijing time. */
function at(date: string, hour: number): Date {
  return new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
}

function camel(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key.replace(/_([a-z])/g, (_, char: string) => char.toUpperCase()), value]),
  );
}
