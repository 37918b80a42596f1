import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiptStatus } from '../../entities/receipt-status.js';
import { RegistrationReceipt } from '../../entities/registration-receipt.js';
import { CONSOLE_CSP } from '../../server/console-routes.js';
import { register } from '../registration/registration-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { watchSubscription } from '../support/subscription-watch.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * What the console needs of the hub, without a browser: its pages and libraries with a self-only
 * CSP, the division look-up, and the live hand-over of a registration — both under the hub's
 * credentials and roles like every other field.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 60_000);
afterAll(async () => {
  await hub?.stop();
});

const DIVISIONS = 'query D($search: String!, $first: Int) { divisions(search: $search, first: $first) { code fullName current } }';
const HAND_OVER = `subscription H($id: ID!) { registrationHandOver(id: $id) { id kind receipts { status lastError department { code } } } }`;
type HandOver = { id: string; kind: string; receipts: Array<{ status: string; lastError: string | null; department: { code: string } }> };

describe('the console pages', () => {
  it('serves /console and /verify with a self-only Content-Security-Policy, and their libraries from the hub', async () => {
    for (const page of ['/console', '/verify']) {
      const response = await fetch(`${hub.url}${page}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      const html = await response.text();
      expect(html).not.toMatch(/<script>|<style>|style="|https?:\/\//);
    }
    expect(CONSOLE_CSP).not.toMatch(/unsafe|https?:|\*/);
    for (const asset of [
      '/console/vendor/graphql-ws.min.js',
      '/console/vendor/qrcode.js',
      '/console/assets/console.js',
      '/console/assets/verify.js',
    ]) {
      const response = await fetch(`${hub.url}${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type')).toContain('javascript');
    }
    expect((await fetch(`${hub.url}/console/vendor/nothing.js`)).status).toBe(404);
    expect((await fetch(`${hub.url}/console/assets/../package.json`)).status).toBe(404);
  });
});

describe('divisions', () => {
  it('needs a credential, as the rest of the API', async () => {
    const response = await graphql(hub.url, DIVISIONS, { variables: { search: '昭化' } });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('finds current divisions by name or code for a clerk', async () => {
    const byName = await graphql<{ divisions: Array<{ code: string; fullName: string; current: boolean }> }>(hub.url, DIVISIONS, {
      token: hub.tokens.clerk,
      variables: { search: '昭化' },
    });
    expect(byName.body.data!.divisions).toContainEqual({ code: '510811', fullName: '四川省广元市昭化区', current: true });
    const byCode = await graphql<{ divisions: Array<{ code: string }> }>(hub.url, DIVISIONS, {
      token: hub.tokens.clerk,
      variables: { search: '510811' },
    });
    expect(byCode.body.data!.divisions.map((division) => division.code)).toEqual(['510811']);
  });

  it('refuses an unbounded page or a long search, naming the argument', async () => {
    // The hub's page limit on every `first` applies here too.
    const tooMany = await graphql(hub.url, DIVISIONS, { token: hub.tokens.clerk, variables: { search: '市', first: 1000 } });
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'PAGE_TOO_LARGE', field: 'first' });
    const long = await graphql(hub.url, DIVISIONS, { token: hub.tokens.clerk, variables: { search: '市'.repeat(51) } });
    expect(long.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
  });
});

describe('registrationHandOver', () => {
  it('sends the registration at once and again when a receipt changes', async () => {
    const registered = await register(hub);
    const registration = registered.body.data!.registerEnterprise.registration as { id: string };
    const watch = watchSubscription<HandOver>(hub.url, hub.tokens.clerk, HAND_OVER, 'registrationHandOver', { id: registration.id });
    try {
      const first = await watch.until((value) => value.receipts.length > 0);
      expect(first.kind).toBe('ESTABLISHMENT');
      expect(new Set(first.receipts.map((receipt) => receipt.status))).toEqual(new Set(['PENDING']));
      // As the delivery workers do: the tax bureau's system has it.
      const em = hub.orm.em.fork();
      const department = (await em.findOneOrFail(RegistrationReceipt, { registration: registration.id, department: { code: 'SW' } }))
        .department;
      await em.nativeUpdate(
        RegistrationReceipt,
        { registration: registration.id, department },
        { status: ReceiptStatus.DELIVERED, updatedAt: new Date() },
      );
      const next = await watch.until(
        (value) => value.receipts.some((receipt) => receipt.department.code === 'SW' && receipt.status === 'DELIVERED'),
        5_000,
      );
      expect(next.receipts.filter((receipt) => receipt.status === 'PENDING').length).toBe(first.receipts.length - 1);
      expect(watch.errors).toEqual([]);
    } finally {
      await watch.close();
    }
  });

  it('is refused to a hall screen, and names a bad or unknown id', async () => {
    const registered = await register(hub);
    const id = (registered.body.data!.registerEnterprise.registration as { id: string }).id;
    const screen = watchSubscription<HandOver>(hub.url, hub.tokens.dashboard, HAND_OVER, 'registrationHandOver', { id });
    const badId = watchSubscription<HandOver>(hub.url, hub.tokens.clerk, HAND_OVER, 'registrationHandOver', { id: 'not-an-id' });
    const unknown = watchSubscription<HandOver>(hub.url, hub.tokens.clerk, HAND_OVER, 'registrationHandOver', {
      id: '01890000-0000-7000-8000-000000000000',
    });
    try {
      const codeOf = async (watch: typeof screen) => {
        const deadline = Date.now() + 5_000;
        while (watch.errors.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        const [error] = watch.errors as Array<{ extensions?: { code?: string }; [key: string]: unknown }>;
        return (
          error?.extensions?.code ?? (Array.isArray(error) ? (error[0] as { extensions?: { code?: string } }).extensions?.code : undefined)
        );
      };
      expect(await codeOf(screen)).toBe('FORBIDDEN');
      expect(await codeOf(badId)).toBe('BAD_USER_INPUT');
      expect(await codeOf(unknown)).toBe('NOT_FOUND');
      expect(screen.results).toEqual([]);
    } finally {
      await Promise.all([screen.close(), badId.close(), unknown.close()]);
    }
  });
});
