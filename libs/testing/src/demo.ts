import type { ClinicView } from '@dental/contracts';
import { randomUUID } from 'node:crypto';
import { loadDemoLabs } from './demo-labs';
import { DemoCall, loadDemoPatients } from './demo-patients';

/**
 * A small realistic organization for `npm run demo`: loaded through the public API, like an integrator would, and
 * safe to load twice (it looks before it creates). Later features add their data here.
 */
export async function loadDemo(
  gateway: string,
  admin: { email: string; password: string },
  log: (line: string) => void,
) {
  const api = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${gateway}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        // like an integrator: every POST carries a key (API.md), used by the routes that create money
        ...(method === 'POST' && token ? { 'idempotency-key': randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as T & { message?: string | string[] };
    if (!res.ok) throw new Error(`demo: ${method} ${path} answered ${res.status}: ${String(json.message ?? '')}`);
    return json;
  };
  const { accessToken } = await api<{ accessToken: string }>('POST', '/auth/login', undefined, admin);
  let clinics = (await api<{ items: { id: string; name: string }[] }>('GET', '/clinics', accessToken)).items;
  for (let i = 0; clinics.length === 0 && i < 50; i++) {
    // the first clinic is created in the background at first start
    await new Promise((r) => setTimeout(r, 200));
    clinics = (await api<{ items: { id: string; name: string }[] }>('GET', '/clinics', accessToken)).items;
  }
  if (!clinics.some((c) => c.name === 'Uptown Dental')) {
    await api('POST', '/clinics', accessToken, {
      name: 'Uptown Dental',
      currency: 'EUR',
      timeZone: 'Europe/Istanbul',
      locale: 'tr',
    });
  }
  clinics = (await api<{ items: { id: string; name: string }[] }>('GET', '/clinics', accessToken)).items;
  const main = clinics.find((c) => c.name !== 'Uptown Dental') ?? clinics[0];
  await api('PUT', `/clinics/${main.id}/payment-settings`, accessToken, { bankChargePercent: '2.50' });
  const users = (await api<{ items: { email: string }[] }>('GET', '/users', accessToken)).items.map((u) => u.email);
  const staff = [
    { email: 'accountant@example.com', name: 'Ayşe Accountant', roles: ['accountant'] },
    { email: 'reception@example.com', name: 'Rita Reception', roles: ['reception'] },
    { email: 'physician@example.com', name: 'Dr. Pam Physician', roles: ['physician'] },
    { email: 'labs@example.com', name: 'Luke Lab Manager', roles: ['lab-manager'] },
  ];
  for (const u of staff.filter((s) => !users.includes(s.email))) {
    await api('POST', '/users', accessToken, { ...u, password: 'demo-password' });
  }
  const call: DemoCall = (method, path, body) => api(method, path, accessToken, body);
  const all = (await api<{ items: ClinicView[] }>('GET', '/clinics', accessToken)).items;
  const uptown = all.find((c) => c.name === 'Uptown Dental');
  const facts = await loadDemoPatients(call, all.find((c) => c.id === main.id) ?? (main as ClinicView), uptown);
  const labs = await loadDemoLabs(call, facts.main, uptown, facts.ahmet);
  log(`demo loaded: ${clinics.length} clinics; staff logins ${staff.map((s) => s.email).join(', ')} / demo-password`);
  log(
    `demo patients in ${main.name}: Ahmet Yılmaz (two physicians, plan, invoice, cash, card + 2.50 %, contract, ` +
      `alert due today) GET /api/v1/patients/${facts.ahmet.id}/account; the Yılmaz family ` +
      `GET /api/v1/families/${facts.ahmet.familyId}/account; Mehmet Öztürk closed through ${facts.closedThrough} ` +
      `GET /api/v1/patients/${facts.mehmet.id}/account?showPaid=true`,
  );
  log(
    `demo labs in ${main.name} (DOMAIN.md A's worked example): Smile Lab ${labs.example[0].number} 1000.00 paid ` +
      `400.00 and ${labs.example[1].number} 250.00 paid; Bright Lab ${labs.example[2].number} 600.00 unpaid ` +
      `GET /api/v1/finance/labs?clinicId=${main.id}; cancelled ${labs.cancelled.number} left out unless ` +
      `includeCancelled=true`,
  );
  log(
    `demo labs in ${labs.other.name}: Anadolu Dental Lab ${labs.installments.number} in 3 installments, one overdue, ` +
      `GET /api/v1/work-orders/${labs.installments.id}; a refund from the lab (-50.00) ` +
      `GET /api/v1/work-orders/${labs.refunded.id}`,
  );
}
