import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { encodeSerial } from '../../domain/registration/allocate-uscc.js';
import { usccOrganisationType } from '../../domain/registration/uscc-organisation-type.js';
import { EnterpriseKind } from '../../entities/enterprise-kind.js';
import { composeLicenceIdentifier } from '../../domain/licence-identifier.js';
import { searchGrams, normalise } from '../../domain/search-grams.js';
import { composeUscc } from '../../domain/uscc.js';
import { DEMO_DIVISION_CODE } from '../../demo/departments.js';

export interface RegistrySize {
  enterprises: number;
  licences: number;
  trades: number;
}

/**
 * Organisation-code bodies of the seeded entities start far above the hub's own sequence, so a
 * registration during the run never allocates a code the seed already used.
 */
const SEED_SERIAL_BASE = 31 ** 5 * 20;
const CHUNK = 2_000;
const KINDS = [
  EnterpriseKind.COMPANY,
  EnterpriseKind.COMPANY,
  EnterpriseKind.INDIVIDUAL_BUSINESS,
  EnterpriseKind.FARMERS_COOPERATIVE,
  EnterpriseKind.PARTNERSHIP,
];
const TOWNS = ['元坝镇', '昭化镇', '王家镇', '磨滩镇', '卫子镇', '柏林沟镇', '红岩镇', '虎跳镇', '太公镇', '射箭乡'];
const TRADES = ['建材', '农业', '商贸', '餐饮', '运输', '建筑', '养殖', '旅游', '电子', '服务'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

/**
 * A registry of `enterprises` market entities as registration would leave it, written set-based
 * (one INSERT … SELECT FROM jsonb_to_recordset per table and chunk): each entity with a valid USCC,
 * its registration, its business licence with a GB/T 36904 identifier, every third a food business
 * licence, every fifth a construction permit, and every fourth the winner of one to three awarded
 * trades. Signatures are a fixed string: the read benchmarks never verify them.
 */
export async function seedRegistry(url: string, enterprises: number): Promise<RegistrySize> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const ids = await lookups(client);
    const size: RegistrySize = { enterprises: 0, licences: 0, trades: 0 };
    let licenceSerial = 0;
    let tradeNumber = 0;
    for (let start = 0; start < enterprises; start += CHUNK) {
      const enterpriseRows: object[] = [];
      const registrationRows: object[] = [];
      const licenceRows: object[] = [];
      const tradeRows: object[] = [];
      for (let index = start; index < Math.min(enterprises, start + CHUNK); index++) {
        const kind = KINDS[index % KINDS.length]!;
        const uscc = composeUscc({
          authority: '9',
          type: usccOrganisationType(kind),
          divisionCode: DEMO_DIVISION_CODE,
          organisationCodeBody: 'MA' + encodeSerial(SEED_SERIAL_BASE + index),
        });
        const name = `广元市昭化区${TOWNS[index % TOWNS.length]}${TRADES[Math.floor(index / 10) % TRADES.length]}第${index + 1}号${kind === EnterpriseKind.INDIVIDUAL_BUSINESS ? '经营部' : kind === EnterpriseKind.FARMERS_COOPERATIVE ? '专业合作社' : '有限公司'}`;
        const establishedOn = dayOf(index);
        const id = uuidv7();
        const createdAt = `${establishedOn}T09:00:00+08:00`;
        const enterprise = {
          id,
          uscc,
          name,
          name_grams: searchGrams(name),
          search_name: normalise(name),
          kind,
          legal_representative: `${SURNAMES[index % SURNAMES.length]}${index % 7 === 0 ? '晓燕' : '明'}`,
          registered_capital_wan_yuan: `${10 + (index % 500)}.5`,
          address: `昭化区${TOWNS[index % TOWNS.length]}解放街${(index % 300) + 1}号`,
          division_code: DEMO_DIVISION_CODE,
          industry_code: 'F5211',
          business_scope: `${TRADES[Math.floor(index / 10) % TRADES.length]}销售`,
          established_on: establishedOn,
          registering_authority_id: ids.SCJG,
          created_at: createdAt,
        };
        enterpriseRows.push(enterprise);
        registrationRows.push({
          id: uuidv7(),
          enterprise_id: id,
          department_id: ids.SCJG,
          idempotency_key: `seed-${index}`,
          certificates: JSON.stringify([{ code: 'BUSINESS_LICENCE', name: '营业执照', departmentCode: 'SCJG' }]),
          registered_at: createdAt,
        });
        const licence = (typeCode: string, issuer: string, validTo: string | null, fields: object, number?: string) => {
          const type = ids.types[typeCode]!;
          const serial = establishedOn.replaceAll('-', '') + String(++licenceSerial).padStart(8, '0');
          licenceRows.push({
            id: uuidv7(),
            identifier: composeLicenceIdentifier({ typeCode: type.typeCode, issuerUscc: ids.usccOf[issuer]!, serial, version: '001' }),
            licence_type_code: typeCode,
            name: type.name,
            number: number ?? serial,
            serial,
            holder_code: uscc,
            holder_code_type: 'USCC',
            holder_name: name,
            enterprise_id: id,
            issuer_id: ids[issuer],
            issued_at: createdAt,
            valid_from: establishedOn,
            valid_to: validTo,
            fields: JSON.stringify(fields),
          });
        };
        licence(
          'BUSINESS_LICENCE',
          'SCJG',
          null,
          {
            kind,
            legalRepresentative: enterprise.legal_representative,
            registeredCapitalWanYuan: enterprise.registered_capital_wan_yuan,
            address: enterprise.address,
            businessScope: enterprise.business_scope,
            establishedOn,
          },
          uscc,
        );
        if (index % 3 === 0)
          licence('FOOD_BUSINESS_LICENCE', 'SCJG', addYears(establishedOn, 5), {
            mainBusinessType: '食品销售经营者',
            businessItems: ['预包装食品销售'],
            premises: enterprise.address,
          });
        if (index % 5 === 0) {
          licence('CONSTRUCTION_PERMIT', 'ZJJ', null, {
            projectName: `${TOWNS[index % TOWNS.length]}厂房建设工程`,
            projectAddress: enterprise.address,
            constructionAreaSqm: 1200 + index,
            contractPriceWanYuan: '350.5',
            contractor: name,
            startDate: establishedOn,
          });
        }
        if (index % 4 === 0) {
          for (let won = 0; won < 1 + (index % 3); won++) {
            tradeNumber++;
            const budget = 100_000 + (tradeNumber % 900) * 1_000;
            const dealOn = addDays(establishedOn, 30 + won * 40);
            tradeRows.push({
              id: uuidv7(),
              code: `BENCH-${String(tradeNumber).padStart(7, '0')}`,
              name: `${TOWNS[tradeNumber % TOWNS.length]}${won % 2 ? '办公设备采购' : '村道路硬化工程'}`,
              category: won % 2 ? 'PROCUREMENT' : 'CONSTRUCTION',
              method: 'OPEN_TENDER',
              budget: `${budget}.00`,
              deal_amount: `${budget - 3_150}.50`,
              winner_uscc: uscc,
              winner_name: name,
              division_code: DEMO_DIVISION_CODE,
              announced_on: addDays(dealOn, -20),
              opening_on: addDays(dealOn, -1),
              deal_on: dealOn,
              recorded_by_id: ids.GGZY,
              created_at: createdAt,
            });
          }
        }
      }
      await client.query('begin');
      await client.query(
        `insert into enterprise (id, uscc, name, name_grams, search_name, kind, legal_representative, registered_capital_wan_yuan,
                                 address, division_code, industry_code, business_scope, established_on, registering_authority_id,
                                 status, version, created_at, updated_at)
         select id, uscc, name, name_grams, search_name, kind, legal_representative, registered_capital_wan_yuan,
                address, division_code, industry_code, business_scope, established_on, registering_authority_id,
                'ACTIVE', 1, created_at, created_at
           from jsonb_to_recordset($1::jsonb) as r(id uuid, uscc text, name text, name_grams text[], search_name text, kind text,
                legal_representative text, registered_capital_wan_yuan numeric, address text, division_code text, industry_code text,
                business_scope text, established_on date, registering_authority_id uuid, created_at timestamptz)`,
        [JSON.stringify(enterpriseRows)],
      );
      await client.query(
        `insert into registration (id, enterprise_id, kind, department_id, idempotency_key, request_hash, certificates, registered_at)
         select id, enterprise_id, 'ESTABLISHMENT', department_id, idempotency_key, null, certificates::jsonb, registered_at
           from jsonb_to_recordset($1::jsonb) as r(id uuid, enterprise_id uuid, department_id uuid, idempotency_key text,
                certificates text, registered_at timestamptz)`,
        [JSON.stringify(registrationRows)],
      );
      await client.query(
        `insert into licence (id, identifier, licence_type_code, name, number, serial, licence_version, holder_code, holder_code_type,
                              holder_name, enterprise_id, issuer_id, issued_at, valid_from, valid_to, status, fields, signature, signing_key_id)
         select id, identifier, licence_type_code, name, number, serial, 1, holder_code, holder_code_type,
                holder_name, enterprise_id, issuer_id, issued_at, valid_from, valid_to, 'VALID', fields::jsonb, 'bench-unsigned', 'bench'
           from jsonb_to_recordset($1::jsonb) as r(id uuid, identifier text, licence_type_code text, name text, number text, serial text,
                holder_code text, holder_code_type text, holder_name text, enterprise_id uuid, issuer_id uuid, issued_at timestamptz,
                valid_from date, valid_to date, fields text)`,
        [JSON.stringify(licenceRows)],
      );
      await client.query(
        `insert into licence_status_change (id, licence_id, from_status, to_status, reason, changed_by, changed_at)
         select gen_random_uuid(), id, null, 'VALID', 'issued', 'bench seed', issued_at
           from jsonb_to_recordset($1::jsonb) as r(id uuid, issued_at timestamptz)`,
        [JSON.stringify(licenceRows)],
      );
      if (tradeRows.length) {
        await client.query(
          `insert into trade (id, code, name, category, method, budget, deal_amount, winner_uscc, winner_name, division_code,
                              announced_on, opening_on, deal_on, status, recorded_by_id, version, created_at, updated_at)
           select id, code, name, category, method, budget, deal_amount, winner_uscc, winner_name, division_code,
                  announced_on, opening_on, deal_on, 'AWARDED', recorded_by_id, 1, created_at, created_at
             from jsonb_to_recordset($1::jsonb) as r(id uuid, code text, name text, category text, method text, budget numeric,
                  deal_amount numeric, winner_uscc text, winner_name text, division_code text, announced_on date, opening_on date,
                  deal_on date, recorded_by_id uuid, created_at timestamptz)`,
          [JSON.stringify(tradeRows)],
        );
      }
      await client.query('commit');
      size.enterprises += enterpriseRows.length;
      size.licences += licenceRows.length;
      size.trades += tradeRows.length;
    }
    // The state PostgreSQL's autovacuum leaves a loaded table in (this machine runs with it off):
    // statistics for the planner, and a visibility map, without which a count cannot use an
    // index-only scan and reads the whole heap. Both servers read the same tables.
    await client.query('vacuum analyze');
    return size;
  } finally {
    await client.end();
  }
}

interface Lookups extends Record<string, unknown> {
  SCJG: string;
  ZJJ: string;
  GGZY: string;
  usccOf: Record<string, string>;
  types: Record<string, { typeCode: string; name: string }>;
}

async function lookups(client: Client): Promise<Lookups> {
  const departments = (await client.query<{ id: string; code: string; uscc: string }>('select id, code, uscc from department')).rows;
  const types = (await client.query<{ code: string; type_code: string; name: string }>('select code, type_code, name from licence_type'))
    .rows;
  const byCode = Object.fromEntries(departments.map((department) => [department.code, department.id]));
  return {
    ...byCode,
    SCJG: byCode.SCJG!,
    ZJJ: byCode.ZJJ!,
    GGZY: byCode.GGZY!,
    usccOf: Object.fromEntries(departments.map((department) => [department.code, department.uscc])),
    types: Object.fromEntries(types.map((type) => [type.code, { typeCode: type.type_code, name: type.name }])),
  };
}

/** Establishment dates spread over 2012–2025, so the newest-first page mixes every kind. */
function dayOf(index: number): string {
  return addDays('2012-01-01', (index * 7919) % (14 * 365));
}

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** Same day `years` later; 29 February becomes 28 February in a common year. */
function addYears(date: string, years: number): string {
  const later = `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
  return later.endsWith('-02-29') && new Date(`${later}T00:00:00Z`).getUTCDate() !== 29 ? later.replace(/29$/, '28') : later;
}
