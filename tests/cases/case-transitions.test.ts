import { beforeEach, describe, expect, it } from 'vitest';
import { CalendarDay } from '../../entities/calendar-day.js';
import { ServiceCase } from '../../entities/case.js';
import { CaseStatusChange } from '../../entities/case-status-change.js';
import type { Principal } from '../../domain/auth/principal.js';
import { Role } from '../../entities/role.js';
import { DECIDED_CASE_STATUSES, NEXT_CASE_STATUSES, OPEN_CASE_STATUSES, RUNNING_CASE_STATUSES } from '../../domain/cases/case-status.js';
import { CaseStatus } from '../../entities/case-status.js';
import {
  completeCase,
  rejectCase,
  receiveMissingMaterials,
  resumeCase,
  startCase,
  suspendCase,
  withdrawCase,
  type CaseStepInput,
} from '../../domain/cases/case-transitions.js';
import { ErrorCode } from '../../domain/errors.js';
import { defaultCalendarEntries } from '../../domain/holiday-calendar.js';
import { FakeEntityManager } from '../support/fake-entity-manager.js';
import { refusal } from '../support/refusal.js';

// The case workflow's rules, without a database: which step may follow which, what each step
// writes, how a suspension moves the due dates. tests/cases/case-lifecycle.test.ts runs the same
// workflow through GraphQL on PostgreSQL.

const SCJG = { id: 'dept-scjg', code: 'SCJG' };
const system: Principal = {
  credentialId: 'cred-1',
  credentialLabel: 'SCJG test system',
  department: SCJG as never,
  clerk: null,
  roles: [Role.SYSTEM],
};
const otherDepartment: Principal = { ...system, department: { id: 'dept-rs', code: 'RS' } as never };

let store: FakeEntityManager;
beforeEach(() => {
  store = new FakeEntityManager();
  store.seed(CalendarDay, ...defaultCalendarEntries([2026]).map((entry) => ({ ...entry })));
});

/**
 * Accepted Monday 2026-09-28 at a window; the clock counts from that day. Ten promised working days
 * end on Friday 16 October (National Day 1–7 October off, Saturday 10 October worked), twenty legal
 * ones on Friday 30 October.
 */
function seedCase(fields: Partial<ServiceCase> = {}): ServiceCase {
  const status = fields.status ?? CaseStatus.ACCEPTED;
  const [serviceCase] = store.seed(ServiceCase, {
    caseNo: 'SCJG-2026-0001',
    department: SCJG,
    status,
    acceptedAt: new Date('2026-09-28T09:00:00+08:00'),
    acceptedOn: '2026-09-28',
    countsFrom: '2026-09-28',
    promisedLimitDays: 10,
    legalLimitDays: 20,
    dueOn: '2026-10-16',
    legalDueOn: '2026-10-30',
    dueOnEstimated: false,
    suspensions: status === CaseStatus.SUSPENDED ? [{ from: '2026-10-12', to: null }] : [],
    missingMaterials: [],
    missingMaterialsReceivedOn: null,
    completedAt: null,
    completedOn: null,
    workingDaysTaken: null,
    ...fields,
  } as unknown as ServiceCase);
  return serviceCase!;
}

const input = (at: string, reason?: string | null): CaseStepInput => ({ caseNo: 'SCJG-2026-0001', at: new Date(at), reason });

const history = () =>
  store.rowsOf(CaseStatusChange).map(({ fromStatus, toStatus, reason, changedAt, changedBy }) => ({
    fromStatus,
    toStatus,
    reason,
    changedAt: changedAt.toISOString(),
    changedBy,
  }));

describe('which step may follow which', () => {
  const steps = {
    start: startCase,
    suspend: suspendCase,
    resume: resumeCase,
    complete: completeCase,
    reject: rejectCase,
    withdraw: withdrawCase,
  };
  // Written out, not derived from NEXT_CASE_STATUSES, so a wrong entry there fails here.
  const allowed: Record<CaseStatus, Array<keyof typeof steps>> = {
    ACCEPTED: ['start', 'suspend', 'reject', 'withdraw'],
    IN_PROGRESS: ['suspend', 'complete', 'reject', 'withdraw'],
    SUSPENDED: ['resume', 'reject', 'withdraw'],
    COMPLETED: [],
    REJECTED: [],
    WITHDRAWN: [],
  };
  const LABELS: Record<CaseStatus, string> = {
    ACCEPTED: '已受理',
    IN_PROGRESS: '办理中',
    SUSPENDED: '补正中',
    COMPLETED: '已办结',
    REJECTED: '不予办理',
    WITHDRAWN: '已撤回',
  };
  const VERBS: Record<keyof typeof steps, string> = {
    start: 'taken in hand',
    suspend: 'suspended for correction',
    resume: 'taken in hand',
    complete: 'completed',
    reject: 'refused',
    withdraw: 'withdrawn',
  };
  const leadsTo: Record<keyof typeof steps, CaseStatus> = {
    start: CaseStatus.IN_PROGRESS,
    suspend: CaseStatus.SUSPENDED,
    resume: CaseStatus.IN_PROGRESS,
    complete: CaseStatus.COMPLETED,
    reject: CaseStatus.REJECTED,
    withdraw: CaseStatus.WITHDRAWN,
  };

  for (const from of Object.values(CaseStatus)) {
    for (const [name, step] of Object.entries(steps) as Array<[keyof typeof steps, typeof startCase]>) {
      const ok = allowed[from].includes(name);
      it(`${name} ${ok ? 'moves' : 'is refused for'} a ${from} case`, async () => {
        const serviceCase = seedCase({ status: from });
        const attempt = step(store.em, system, input('2026-10-13T10:00:00+08:00', 'a reason'));
        if (ok) {
          await attempt;
          // Read under a row lock, so two clerks acting at once are serialised.
          expect(store.locked).toEqual([serviceCase]);
          expect(serviceCase.status).toBe(leadsTo[name]);
          expect(history()).toEqual([
            {
              fromStatus: from,
              toStatus: leadsTo[name],
              reason: 'a reason',
              changedAt: '2026-10-13T02:00:00.000Z',
              changedBy: 'SCJG/SCJG test system',
            },
          ]);
          expect(store.flushes).toBe(1);
        } else {
          const error = await refusal(attempt);
          expect(error).toMatchObject({ code: ErrorCode.CONFLICT, field: 'input.caseNo', details: { status: from } });
          expect(error.message).toContain(`case SCJG-2026-0001 is ${LABELS[from]} (${from})`);
          expect(error.message).toContain(
            name === 'start' || name === 'resume'
              ? `only a ${name === 'start' ? 'ACCEPTED' : 'SUSPENDED'} case can be ${name === 'start' ? 'started' : 'resumed'}`
              : `cannot be ${VERBS[name]}`,
          );
          expect(serviceCase.status).toBe(from);
          expect(history()).toEqual([]);
          expect(store.flushes).toBe(0);
        }
      });
    }
  }

  it('says which statuses a case can move to, or that its status is final', async () => {
    seedCase({ status: CaseStatus.ACCEPTED });
    const fromAccepted = await refusal(completeCase(store.em, system, input('2026-09-29T10:00:00+08:00')));
    expect(fromAccepted.message).toBe(
      'input.caseNo: case SCJG-2026-0001 is 已受理 (ACCEPTED) and cannot be completed; from ACCEPTED it can only become IN_PROGRESS, SUSPENDED, REJECTED, WITHDRAWN; only a case in progress (IN_PROGRESS) can be completed',
    );
    store = new FakeEntityManager();
    seedCase({ status: CaseStatus.COMPLETED });
    const final = await refusal(withdrawCase(store.em, system, input('2026-09-29T10:00:00+08:00', '申请人撤回')));
    expect(final.message).toBe('input.caseNo: case SCJG-2026-0001 is 已办结 (COMPLETED) and cannot be withdrawn; its status is final');
  });

  it('names the one status starting and resuming begin from', async () => {
    seedCase({ status: CaseStatus.IN_PROGRESS });
    expect((await refusal(startCase(store.em, system, input('2026-09-29T10:00:00+08:00')))).message).toBe(
      'input.caseNo: case SCJG-2026-0001 is 办理中 (IN_PROGRESS); only a ACCEPTED case can be started',
    );
    expect((await refusal(resumeCase(store.em, system, input('2026-09-29T10:00:00+08:00')))).message).toBe(
      'input.caseNo: case SCJG-2026-0001 is 办理中 (IN_PROGRESS); only a SUSPENDED case can be resumed',
    );
  });

  it('keeps the status model: what is open, running, decided and final', () => {
    expect(OPEN_CASE_STATUSES).toEqual([CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED]);
    // A stopped clock (补正) is open but never overdue.
    expect(RUNNING_CASE_STATUSES).toEqual([CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS]);
    // A refusal is a decision (办结); a withdrawal is not.
    expect(DECIDED_CASE_STATUSES).toEqual([CaseStatus.COMPLETED, CaseStatus.REJECTED]);
    for (const final of [CaseStatus.COMPLETED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN]) expect(NEXT_CASE_STATUSES[final]).toEqual([]);
  });
});

describe('a step and its record', () => {
  it('requires a reason to suspend, refuse or withdraw, and only then', async () => {
    seedCase({ status: CaseStatus.IN_PROGRESS });
    for (const step of [suspendCase, rejectCase, withdrawCase]) {
      for (const reason of [undefined, null, '   ']) {
        const error = await refusal(step(store.em, system, input('2026-10-12T09:00:00+08:00', reason)));
        expect(error).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.reason', message: 'input.reason: must not be empty' });
      }
    }
    expect((await refusal(suspendCase(store.em, system, input('2026-10-12T09:00:00+08:00', '补'.repeat(501))))).message).toBe(
      'input.reason: must be at most 500 characters',
    );
    await completeCase(store.em, system, input('2026-10-12T09:00:00+08:00'));
    expect(history()[0]!.reason).toBeNull();
  });

  it('keeps an optional reason trimmed, checks it, and keeps none when it is empty', async () => {
    seedCase();
    await startCase(store.em, system, input('2026-09-28T10:00:00+08:00', '  材料齐全  '));
    expect(history()[0]!.reason).toBe('材料齐全');
    store = new FakeEntityManager();
    seedCase();
    await startCase(store.em, system, input('2026-09-28T10:00:00+08:00', ''));
    expect(history()[0]!.reason).toBeNull();
    store = new FakeEntityManager();
    seedCase();
    const tooLong = await refusal(startCase(store.em, system, input('2026-09-28T10:00:00+08:00', 'x'.repeat(501))));
    expect(tooLong).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.reason' });
    const blank = await refusal(startCase(store.em, system, input('2026-09-28T10:00:00+08:00', '   ')));
    expect(blank).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.reason' });
  });

  it('checks the case number and the time before touching the case', async () => {
    seedCase();
    const badNo = await refusal(startCase(store.em, system, { caseNo: ' -bad ', at: new Date('2026-09-28T10:00:00+08:00') }));
    expect(badNo).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.caseNo' });
    const future = await refusal(startCase(store.em, system, { caseNo: 'SCJG-2026-0001', at: new Date(Date.now() + 3_600_000) }));
    expect(future).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.at' });
    expect(store.flushes).toBe(0);
  });

  it('takes now when no time is given', async () => {
    seedCase();
    const before = Date.now();
    await startCase(store.em, system, { caseNo: ' SCJG-2026-0001 ' });
    const changedAt = store.rowsOf(CaseStatusChange)[0]!.changedAt as Date;
    expect(changedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(changedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('steps the case named, and compares with that case’s own last step', async () => {
    const other = seedCase({ caseNo: 'SCJG-2026-0002', status: CaseStatus.IN_PROGRESS });
    store.create(CaseStatusChange, {
      serviceCase: other,
      fromStatus: 'ACCEPTED',
      toStatus: 'IN_PROGRESS',
      changedAt: new Date('2026-10-20T09:00:00+08:00'),
    });
    const serviceCase = seedCase({ caseNo: 'SCJG-2026-0003' });
    await startCase(store.em, system, { caseNo: 'SCJG-2026-0003', at: new Date('2026-10-12T09:00:00+08:00') });
    expect(serviceCase.status).toBe(CaseStatus.IN_PROGRESS);
    expect(other.status).toBe(CaseStatus.IN_PROGRESS);
    expect(store.locked).toEqual([serviceCase]);
  });

  it('refuses an unknown case and another department’s case, naming the case number', async () => {
    const unknown = await refusal(startCase(store.em, system, input('2026-09-28T10:00:00+08:00')));
    expect(unknown).toMatchObject({ code: ErrorCode.NOT_FOUND, field: 'input.caseNo', message: 'input.caseNo: no case SCJG-2026-0001' });
    const serviceCase = seedCase();
    const foreign = await refusal(startCase(store.em, otherDepartment, input('2026-09-28T10:00:00+08:00')));
    expect(foreign).toMatchObject({
      code: ErrorCode.FORBIDDEN,
      field: 'input.caseNo',
      message: 'input.caseNo: case SCJG-2026-0001 belongs to another department',
    });
    expect(serviceCase.status).toBe(CaseStatus.ACCEPTED);
  });

  it('refuses a time before the acceptance or before the last step, and accepts the same instant', async () => {
    const serviceCase = seedCase();
    const early = await refusal(startCase(store.em, system, input('2026-09-28T08:59:59+08:00')));
    expect(early).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      field: 'input.at',
      message: 'input.at: 2026-09-28T00:59:59.000Z is before the case was accepted at 2026-09-28T01:00:00.000Z',
    });
    await startCase(store.em, system, input('2026-09-28T09:00:00+08:00'));
    await suspendCase(store.em, system, input('2026-10-12T09:00:00+08:00', '补正'));
    const beforeLast = await refusal(resumeCase(store.em, system, input('2026-10-12T08:00:00+08:00')));
    expect(beforeLast).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      field: 'input.at',
      message: "input.at: 2026-10-12T00:00:00.000Z is before the case's last step (SUSPENDED) at 2026-10-12T01:00:00.000Z",
    });
    // Compared with the latest step, not the first one.
    const beforeLatest = await refusal(resumeCase(store.em, system, input('2026-10-01T08:00:00+08:00')));
    expect(beforeLatest.field).toBe('input.at');
    await resumeCase(store.em, system, input('2026-10-12T09:00:00+08:00'));
    expect(serviceCase.status).toBe(CaseStatus.IN_PROGRESS);
  });

  it('leaves the completion fields empty on every step but a decision', async () => {
    const serviceCase = seedCase();
    await startCase(store.em, system, input('2026-09-28T10:00:00+08:00'));
    await suspendCase(store.em, system, input('2026-10-12T09:00:00+08:00', '补正'));
    await resumeCase(store.em, system, input('2026-10-14T09:00:00+08:00'));
    await withdrawCase(store.em, system, input('2026-10-15T09:00:00+08:00', '申请人撤回'));
    expect(serviceCase).toMatchObject({ status: CaseStatus.WITHDRAWN, completedAt: null, completedOn: null, workingDaysTaken: null });
  });
});

describe('the clock: suspensions and decisions', () => {
  it('stops the clock from the day of the notice to the day before the materials arrive, and moves both due dates', async () => {
    const serviceCase = seedCase({ status: CaseStatus.IN_PROGRESS });
    await suspendCase(store.em, system, input('2026-10-12T09:00:00+08:00', '补正平面布局图'));
    expect(serviceCase).toMatchObject({
      status: CaseStatus.SUSPENDED,
      suspensions: [{ from: '2026-10-12', to: null }],
      dueOn: '2026-10-16',
    });
    await resumeCase(store.em, system, input('2026-10-14T09:00:00+08:00'));
    expect(serviceCase).toMatchObject({
      status: CaseStatus.IN_PROGRESS,
      suspensions: [{ from: '2026-10-12', to: '2026-10-13' }],
      dueOn: '2026-10-20',
      legalDueOn: '2026-11-03',
      dueOnEstimated: false,
    });
  });

  it('a one-day suspension moves the due dates by one working day', async () => {
    const serviceCase = seedCase({ status: CaseStatus.IN_PROGRESS });
    await suspendCase(store.em, system, input('2026-10-12T09:00:00+08:00', '补正'));
    await resumeCase(store.em, system, input('2026-10-13T09:00:00+08:00'));
    expect(serviceCase).toMatchObject({
      suspensions: [{ from: '2026-10-12', to: '2026-10-12' }],
      dueOn: '2026-10-19',
      legalDueOn: '2026-11-02',
    });
  });

  it('resuming on the day of the suspension stops no day at all', async () => {
    const serviceCase = seedCase({
      status: CaseStatus.IN_PROGRESS,
      suspensions: [{ from: '2026-09-29', to: '2026-09-29' }],
      dueOn: '2026-10-19',
      legalDueOn: '2026-11-02',
    });
    await suspendCase(store.em, system, input('2026-10-12T09:00:00+08:00', '补正'));
    await resumeCase(store.em, system, input('2026-10-12T16:00:00+08:00'));
    // The earlier suspension stays; the same-day one leaves nothing behind.
    expect(serviceCase).toMatchObject({
      suspensions: [{ from: '2026-09-29', to: '2026-09-29' }],
      dueOn: '2026-10-19',
      legalDueOn: '2026-11-02',
    });
  });

  it('flags the due dates as estimated when the later one runs into a year the calendar does not hold', async () => {
    // Promised 10 days end in December 2026; the legal 60 run into 2027, which has no calendar yet.
    const serviceCase = seedCase({
      status: CaseStatus.SUSPENDED,
      acceptedAt: new Date('2026-11-30T09:00:00+08:00'),
      acceptedOn: '2026-11-30',
      countsFrom: '2026-11-30',
      legalLimitDays: 60,
      suspensions: [{ from: '2026-12-01', to: null }],
    });
    await resumeCase(store.em, system, input('2026-12-02T09:00:00+08:00'));
    expect(serviceCase).toMatchObject({ dueOn: '2026-12-15', dueOnEstimated: true });
    expect(serviceCase.legalDueOn > '2027-01-01').toBe(true);
  });

  it('judges the estimate by the later of the two due dates, whichever it is', async () => {
    // An unusual case whose promised limit is the longer one: the promised date runs into 2027.
    const serviceCase = seedCase({
      status: CaseStatus.SUSPENDED,
      acceptedAt: new Date('2026-11-30T09:00:00+08:00'),
      acceptedOn: '2026-11-30',
      countsFrom: '2026-11-30',
      promisedLimitDays: 60,
      legalLimitDays: 10,
      suspensions: [{ from: '2026-12-01', to: null }],
    });
    await resumeCase(store.em, system, input('2026-12-02T09:00:00+08:00'));
    expect(serviceCase).toMatchObject({ legalDueOn: '2026-12-15', dueOnEstimated: true });
  });

  it('is not estimated when only the acceptance year is counted through', async () => {
    const serviceCase = seedCase({ status: CaseStatus.SUSPENDED, dueOnEstimated: true });
    await resumeCase(store.em, system, input('2026-10-13T09:00:00+08:00'));
    expect(serviceCase.dueOnEstimated).toBe(false);
  });

  it('a decision records when it was made and the working days it took, less the suspended ones', async () => {
    const serviceCase = seedCase({ status: CaseStatus.IN_PROGRESS, suspensions: [{ from: '2026-10-12', to: '2026-10-13' }] });
    await completeCase(store.em, system, input('2026-10-15T16:00:00+08:00'));
    expect(serviceCase).toMatchObject({
      status: CaseStatus.COMPLETED,
      completedAt: new Date('2026-10-15T16:00:00+08:00'),
      completedOn: '2026-10-15',
      // 29, 30 Sep, 8, 9, 10 (调休), 14, 15 Oct.
      workingDaysTaken: 7,
    });
  });

  it('a refusal is a decision too', async () => {
    const serviceCase = seedCase({ status: CaseStatus.IN_PROGRESS });
    await rejectCase(store.em, system, input('2026-10-15T16:00:00+08:00', '不符合条件'));
    expect(serviceCase).toMatchObject({ status: CaseStatus.REJECTED, completedOn: '2026-10-15', workingDaysTaken: 9 });
  });

  it('counts the date in China: late evening UTC is the next day', async () => {
    const serviceCase = seedCase({ status: CaseStatus.IN_PROGRESS });
    await completeCase(store.em, system, input('2026-10-14T17:00:00Z'));
    expect(serviceCase).toMatchObject({ completedOn: '2026-10-15', workingDaysTaken: 9 });
  });

  it('a decision on or before the day the acceptance counts on took no working day', async () => {
    // An evening acceptance counted on the next working day, decided at once.
    const serviceCase = seedCase({
      status: CaseStatus.ACCEPTED,
      acceptedAt: new Date('2026-09-28T18:00:00+08:00'),
      countsFrom: '2026-09-29',
    });
    await rejectCase(store.em, system, input('2026-09-28T18:30:00+08:00', '不予受理'));
    expect(serviceCase).toMatchObject({ completedOn: '2026-09-28', workingDaysTaken: 0 });
  });
});

describe('missing materials handed in (容缺)', () => {
  it('records the day in China they were received', async () => {
    seedCase({ caseNo: 'SCJG-2026-0000', missingMaterials: ['营业执照'] });
    const serviceCase = seedCase({ missingMaterials: ['健康证明'] });
    await receiveMissingMaterials(store.em, system, input('2026-10-08T17:00:00Z'));
    expect(store.locked).toEqual([serviceCase]);
    expect(serviceCase.missingMaterialsReceivedOn).toBe('2026-10-09');
    expect(store.flushes).toBe(1);
  });

  it('refuses a case accepted with all its materials, and a second hand-in', async () => {
    seedCase();
    const complete = await refusal(receiveMissingMaterials(store.em, system, input('2026-10-08T10:00:00+08:00')));
    expect(complete).toMatchObject({
      code: ErrorCode.CONFLICT,
      field: 'input.caseNo',
      message: 'input.caseNo: case SCJG-2026-0001 was accepted with all its materials',
    });
    store = new FakeEntityManager();
    seedCase({ missingMaterials: ['健康证明'], missingMaterialsReceivedOn: '2026-10-08' });
    const twice = await refusal(receiveMissingMaterials(store.em, system, input('2026-10-09T10:00:00+08:00')));
    expect(twice).toMatchObject({
      code: ErrorCode.CONFLICT,
      field: 'input.caseNo',
      message: 'input.caseNo: the missing materials of case SCJG-2026-0001 were received on 2026-10-08',
    });
    expect(store.flushes).toBe(0);
  });

  it('refuses a time before the acceptance, a bad case number, and another department', async () => {
    const serviceCase = seedCase({ missingMaterials: ['健康证明'] });
    const early = await refusal(receiveMissingMaterials(store.em, system, input('2026-09-28T08:00:00+08:00')));
    expect(early).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      field: 'input.at',
      message: 'input.at: 2026-09-28T00:00:00.000Z is before the case was accepted',
    });
    const badNo = await refusal(receiveMissingMaterials(store.em, system, { caseNo: '', at: new Date('2026-10-08T10:00:00+08:00') }));
    expect(badNo).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.caseNo' });
    const future = await refusal(
      receiveMissingMaterials(store.em, system, { caseNo: 'SCJG-2026-0001', at: new Date(Date.now() + 3_600_000) }),
    );
    expect(future).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.at' });
    const foreign = await refusal(receiveMissingMaterials(store.em, otherDepartment, input('2026-10-08T10:00:00+08:00')));
    expect(foreign).toMatchObject({ code: ErrorCode.FORBIDDEN, field: 'input.caseNo' });
    expect(serviceCase.missingMaterialsReceivedOn).toBeNull();
    // At the acceptance instant itself is fine.
    await receiveMissingMaterials(store.em, system, input('2026-09-28T09:00:00+08:00'));
    expect(serviceCase.missingMaterialsReceivedOn).toBe('2026-09-28');
  });
});
