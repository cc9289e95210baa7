// Patients and the Account page in Debian's Chromium against the whole stack (apps/web/e2e/README.md): DOMAIN.md B's
// examples made through the screens and read back on screen — a patient registered and found again by a search
// without its accents, treatments of two physicians, cash received and the Balance Distribution (600/400, 500
// received → 300/300 and 200/200), a card payment at 2.5 % with its Bank Cost treatment and Unpaid unchanged by the
// fee, a refund stored negative, Close account now with Show paid account and the undo; axe-core on every screen.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import {
  createUser,
  screenshot,
  seriousViolations,
  signInByApi,
  startWebStack,
  TestUser,
  WebStack,
} from './support/browser';

jest.setTimeout(180_000);

/** Cell texts of a table's body rows. */
async function bodyRows(page: Page, caption: string): Promise<string[][]> {
  const table = page.getByRole('table', { name: caption });
  const out: string[][] = [];
  for (const row of await table.locator('tbody tr').all())
    out.push((await row.locator('td').allInnerTexts()).map((t) => t.trim()));
  return out;
}

describe('Patients and the Account page (web, Chromium)', () => {
  let web: WebStack | undefined;
  let accountant: TestUser;
  let reception: TestUser;
  const contexts: BrowserContext[] = [];
  /** Ayşe Yılmaz's Account page, registered by the first test */
  let accountUrl = '';

  beforeAll(async () => {
    web = await startWebStack();
    const api = web.adminApi;
    const clinicId = (await api.get('/me')).body.clinics[0].id;
    expect((await api.call('PUT', `/clinics/${clinicId}/payment-settings`, { bankChargePercent: '2.50' })).status).toBe(
      200,
    );
    for (const name of ['Dr. A', 'Dr. B'])
      expect((await api.call('POST', '/physicians', { clinicId, name })).status).toBe(201);
    accountant = await createUser(api, ['accountant'], { name: 'Ayla Accountant' });
    reception = await createUser(api, ['reception'], { name: 'Rana Reception' });
  });

  afterAll(async () => {
    await web?.stop();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  });

  async function signedInPage(user: TestUser): Promise<Page> {
    const context = await web!.newContext();
    contexts.push(context);
    await signInByApi(context, user);
    return context.newPage();
  }

  const figure = (page: Page, testId: string) => page.getByTestId(testId).innerText();

  it('the receptionist registers a patient, finds her without accents, and works her account from the screens', async () => {
    const page = await signedInPage(reception);
    await page.goto('/');
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    const form = page.getByRole('form', { name: 'New patient' });
    await form.getByLabel('First name').fill('Ayşe');
    await form.getByLabel('Last name').fill('Yılmaz');
    await form.getByLabel('Phone').fill('+90 555 111 2233');
    await form.getByRole('button', { name: 'Register patient' }).click();
    await page.getByRole('heading', { name: 'Account of Ayşe Yılmaz' }).waitFor();
    accountUrl = page.url();

    // treatments of two physicians through the form: Unpaid 1,000.00
    const treatment = page.getByRole('form', { name: 'Add treatment' });
    for (const [physician, procedure, amount] of [
      ['Dr. A', 'Root canal', '600.00'],
      ['Dr. B', 'Filling', '400.00'],
    ]) {
      await treatment.getByLabel('Date').fill('2026-11-02');
      await treatment.getByLabel('Physician').selectOption({ label: physician });
      await treatment.getByLabel('Procedure').fill(procedure);
      await treatment.getByLabel('Amount').fill(amount);
      await treatment.getByRole('button', { name: 'Add treatment' }).click();
      await page.getByRole('row', { name: new RegExp(procedure) }).waitFor();
    }
    await expect(figure(page, 'unpaid')).resolves.toBe('€1,000.00');

    // an invoice for the two: both rows invoiced (red, with its number) and no longer deletable; cancelled, back
    await page.getByLabel('Choose Root canal for an invoice').check();
    await page.getByLabel('Choose Filling for an invoice').check();
    await page.getByRole('button', { name: 'Issue invoice' }).click();
    await page.getByRole('row', { name: /Root canal.*invoiced/ }).waitFor();
    await page.getByRole('row', { name: /Filling.*invoiced/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Delete Root canal' }).count()).resolves.toBe(0);
    await screenshot(page, 'patient-account-invoiced');
    // cancelling an invoice is a correction: it asks why (DOMAIN.md E)
    await page.getByRole('button', { name: /^Cancel invoice/ }).click();
    const cancel = page.getByRole('dialog', { name: /^Cancel invoice/ });
    await cancel.getByLabel('Reason').selectOption({ label: 'Entry error' });
    await cancel.getByRole('button', { name: 'Cancel the invoice' }).click();
    await page.getByRole('button', { name: 'Delete Root canal' }).waitFor();

    // 500.00 cash: the figures on screen when the request returns, the distribution 300/300 and 200/200
    const record = async (type: string, amount: string, note?: string) => {
      await page.getByRole('button', { name: 'New', exact: true }).click();
      const payment = page.getByRole('form', { name: 'New received money' });
      await payment.getByLabel('Date').fill('2026-11-03');
      await payment.getByLabel('Payment type').selectOption({ label: type });
      await payment.getByLabel('Amount').fill(amount);
      if (note) await payment.getByLabel('Note').fill(note);
      return payment;
    };
    await (await record('Cash', '500.00')).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'New', exact: true }).waitFor();
    await expect(figure(page, 'unpaid')).resolves.toBe('€500.00');
    await expect(figure(page, 'received-total')).resolves.toBe('€500.00');
    expect(await bodyRows(page, 'Balance Distribution')).toEqual([
      ['Dr. A', '€600.00', '60.00 %', '€300.00', '€300.00'],
      ['Dr. B', '€400.00', '40.00 %', '€200.00', '€200.00'],
    ]);

    // a card payment at the clinic's 2.5 %: the Bank Cost shown before saving, its treatment after, Unpaid lowered by
    // the 100.00 only
    const card = await record('Credit/Debit card', '100.00');
    await expect(card.getByTestId('bank-cost-preview').innerText()).resolves.toBe(
      'Bank Cost at 2.50 %: €2.50, amount €102.50',
    );
    await card.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /Bank Cost.*€2\.50/ }).waitFor();
    await expect(figure(page, 'unpaid')).resolves.toBe('€400.00');
    await page.getByRole('row', { name: /Credit\/Debit card.*€102\.50.*€2\.50/ }).waitFor();

    // a refund is typed positive and stored negative; Received drops
    await (await record('Refund', '50.00', 'returned to the patient')).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /Refund.*-€50\.00/ }).waitFor();
    await expect(figure(page, 'received-total')).resolves.toBe('€552.50');
    await expect(figure(page, 'unpaid')).resolves.toBe('€450.00');
    // an alert for the next instalment, from the account
    const alertForm = page.getByRole('form', { name: 'New alert' });
    await alertForm.getByLabel('Expected amount').fill('200.00');
    await alertForm.getByLabel('Note').fill('call about the rest');
    await alertForm.getByRole('button', { name: 'New alert' }).click();
    await page.getByRole('listitem').filter({ hasText: 'call about the rest' }).waitFor();
    await screenshot(page, 'patient-account');
    expect(await seriousViolations(page)).toEqual([]);
    // the receptionist may not close accounts: no such form
    await expect(page.getByRole('form', { name: 'Close account' }).count()).resolves.toBe(0);

    // found again by a search typed without accents or capitals
    await page.getByRole('link', { name: 'Patients' }).first().click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('ayse yilmaz');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Ayşe Yılmaz' }).click();
    expect(page.url()).toBe(accountUrl);
    await page.getByRole('link', { name: 'Patients' }).first().click();
    await page.getByRole('link', { name: 'Ayşe Yılmaz' }).waitFor();
    await screenshot(page, 'patients');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the accountant closes the account now: Unpaid reads zero, Show paid account shows the closed part, undo restores', async () => {
    const page = await signedInPage(accountant);
    await page.goto(accountUrl);
    await page.getByRole('heading', { name: 'Account of Ayşe Yılmaz' }).waitFor();
    await expect(figure(page, 'unpaid')).resolves.toBe('€450.00');
    const close = page.getByRole('form', { name: 'Close account' });
    await close.getByLabel('Now').check();
    await close.getByLabel('Reason').selectOption({ label: 'Other' });
    await close.getByLabel('Memo').fill('paid in full at the desk');
    await close.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByText('No treatments yet.').waitFor();
    await expect(figure(page, 'unpaid')).resolves.toBe('€0.00');
    await page.getByLabel('Show paid account').check();
    await page.getByRole('row', { name: /Root canal.*closed/ }).waitFor();
    await screenshot(page, 'patient-account-closed');
    await page.getByRole('button', { name: /Undo the last closure/ }).click();
    const undo = page.getByRole('dialog', { name: /^Undo the closure of/ });
    await undo.getByLabel('Reason').selectOption({ label: 'Entry error' });
    await undo.getByRole('button', { name: 'Undo the closure' }).click();
    await undo.waitFor({ state: 'detached' });
    await page.getByLabel('Show paid account').uncheck();
    await page.getByRole('row', { name: /Root canal/ }).waitFor();
    await expect(figure(page, 'unpaid')).resolves.toBe('€450.00');
  });

  it('Reports: the Account Book of the day (Previous to November) with the bank expense deducted, and Progress Payment', async () => {
    const page = await signedInPage(accountant);
    await page.goto('/');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Account Book' }).waitFor();
    // the period lives in the URL: a link opens November 2026 (the payments were dated 2026-11-03)
    await page.goto('/reports/account-book?groupBy=day&date=2026-11-01');
    await page.getByRole('row', { name: /03\/11\/2026/ }).waitFor();
    const day = (
      await page
        .getByRole('row', { name: /03\/11\/2026/ })
        .getByRole('cell')
        .allInnerTexts()
    ).map((c) => c.trim());
    // cash, card, bank transfer, check, received, refunds, bank expenses, net turnover, lab payments, difference
    expect(day).toEqual([
      '€500.00',
      '€102.50',
      '€0.00',
      '€0.00',
      '€602.50',
      '-€50.00',
      '€2.50',
      '€550.00',
      '€0.00',
      '€550.00',
    ]);
    // Next and Previous move by a month
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('01/12/2026 – 31/12/2026').waitFor();
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByText('01/11/2026 – 30/11/2026').waitFor();
    await page.getByRole('row', { name: /03\/11\/2026/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('date')).toBe('2026-11-01');
    await screenshot(page, 'report-account-book');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Progress Payment' }).click();
    await page.getByLabel('From').fill('2026-11-01');
    await page.getByLabel('To').fill('2026-11-30');
    await page.getByRole('row', { name: /Dr\. A/ }).waitFor();
    await screenshot(page, 'report-progress-payment');
    expect(await seriousViolations(page)).toEqual([]);

    // the balance report (from the read models, which follow events: reloaded until they have caught up)
    await page.getByRole('link', { name: 'Balances' }).click();
    const debtor = page.getByRole('row', { name: /Ayşe Yılmaz.*€450\.00/ });
    for (
      let tries = 0;
      !(await debtor.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      ));
      tries++
    ) {
      if (tries === 6) throw new Error('the balance report did not show Ayşe Yılmaz owing €450.00');
      await page.reload();
    }
    await screenshot(page, 'report-balances');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Receivables aging' }).click();
    await page.getByRole('row', { name: /Ayşe Yılmaz/ }).waitFor();
    await screenshot(page, 'report-receivables-aging');

    // the journal for the accounting program: the CSV of November with ';', every entry balanced
    await page.getByRole('link', { name: 'Journal' }).click();
    await page.getByLabel('From').fill('2026-11-01');
    await page.getByLabel('To').fill('2026-11-30');
    await page.getByLabel('CSV delimiter').selectOption('semicolon');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(';1020;');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('Alerts due today, marked done; Settings: the Bank Charge Percentage set to 0 makes the Bank Cost typed by hand', async () => {
    const api = web!.adminApi;
    const patients = await api.get('/patients?q=Yilmaz');
    const patientId = patients.body.items[0].id;
    const today = new Date().toISOString().slice(0, 10);
    for (const note of ['second instalment', 'third instalment']) {
      const alert = await api.call('POST', `/patients/${patientId}/alerts`, { date: today, amount: '100.00', note });
      expect(alert.status).toBe(201);
    }

    const page = await signedInPage(accountant);
    await page.goto('/alerts');
    await page.getByRole('row', { name: /Ayşe Yılmaz.*second instalment/ }).waitFor();
    await page.getByRole('row', { name: /Ayşe Yılmaz.*third instalment/ }).waitFor();
    await screenshot(page, 'alerts');
    expect(await seriousViolations(page)).toEqual([]);
    // every alert of hers is marked done, one after the other (the one made from the account in the first test may
    // be done already: closing her account in the second paid it off, and notifications closes paid-off alerts)
    const rows = page.getByRole('row', { name: /Ayşe Yılmaz/ });
    for (let left = await rows.count(); left > 0; left = await rows.count()) {
      await rows.first().getByRole('button', { name: 'Mark the alert of Ayşe Yılmaz done' }).click();
      for (let i = 0; i < 100 && (await rows.count()) === left; i++) await page.waitForTimeout(100);
      expect(await rows.count()).toBe(left - 1);
    }
    await page.getByText('No alerts.').waitFor();

    await page.getByRole('link', { name: 'Settings' }).click();
    const field = page.getByLabel('Bank Charge Percentage');
    await expect(field.inputValue()).resolves.toBe('2.50');
    await field.fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await screenshot(page, 'settings');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`/patients/${patientId}`);
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const payment = page.getByRole('form', { name: 'New received money' });
    await payment.getByLabel('Payment type').selectOption({ label: 'Credit/Debit card' });
    await payment.getByLabel('Bank Cost').waitFor();
  });

  it('a Turkish clinic: the Account page in Turkish words, money and dates', async () => {
    const api = web!.adminApi;
    const clinic = await api.call('POST', '/clinics', {
      name: 'Kadıköy Klinik',
      currency: 'TRY',
      locale: 'tr',
      timeZone: 'Europe/Istanbul',
    });
    expect(clinic.status).toBe(201);
    const patient = await api.call('POST', '/patients', {
      clinicId: clinic.body.id,
      firstName: 'Şükrü',
      lastName: 'Öztürk',
    });
    expect(patient.status).toBe(201);
    const treated = await api.create(`/patients/${patient.body.id}/treatments`, {
      procedure: 'Kanal tedavisi',
      date: '2026-11-21',
      amount: '1250.50',
    });
    expect(treated.status).toBe(201);
    const paid = await api.create(`/patients/${patient.body.id}/payments`, {
      date: '2026-11-22',
      amount: '250.00',
      paymentType: 'cash',
    });
    expect(paid.status).toBe(201);

    const context = await web!.newContext({ locale: 'tr-TR' });
    contexts.push(context);
    await signInByApi(context, accountant);
    const page = await context.newPage();
    await page.goto(`/patients/${patient.body.id}`);
    await page.getByRole('heading', { name: 'Şükrü Öztürk hesabı' }).waitFor();
    await expect(figure(page, 'unpaid')).resolves.toBe('₺1.000,50');
    await page.getByRole('row', { name: /21\.11\.2026.*Kanal tedavisi.*₺1\.250,50/ }).waitFor();
    await page.getByRole('row', { name: /Nakit.*₺250,00/ }).waitFor();
    await screenshot(page, 'patient-account-turkish');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('a treatment plan written on the page and copied to treatments: the copied ones in blue, counted in Unpaid', async () => {
    const api = web!.adminApi;
    // the clinic of the physicians (the Turkish test adds another clinic, listed before it by name)
    const clinics = (await api.get('/me')).body.clinics as { id: string; name: string }[];
    const clinicId = clinics.find((c) => c.name === 'Main Clinic')!.id;
    const patient = await api.call('POST', '/patients', { clinicId, firstName: 'Can', lastName: 'Demir' });
    expect(patient.status).toBe(201);
    const page = await signedInPage(accountant);
    await page.goto(`/patients/${patient.body.id}`);
    await page.getByRole('heading', { name: 'Account of Can Demir' }).waitFor();
    const plan = page.getByRole('form', { name: 'New plan' });
    await plan.getByLabel('Procedure 1').fill('Crown');
    await plan.getByLabel('Tooth 1').fill('16');
    await plan.getByLabel('Amount 1').fill('300.00');
    await plan.getByLabel('Physician 1').selectOption({ label: 'Dr. A' });
    await plan.getByRole('button', { name: 'Add item' }).click();
    await plan.getByLabel('Procedure 2').fill('Bridge');
    await plan.getByLabel('Amount 2').fill('450.50');
    await plan.getByRole('button', { name: 'New plan' }).click();
    await page.getByRole('row', { name: /Bridge.*€450\.50.*Planned/ }).waitFor();
    await page.getByRole('button', { name: 'Copy plan 1 to treatments' }).click();
    await page.getByRole('row', { name: /Bridge.*Copied to treatments/ }).waitFor();
    await expect(figure(page, 'unpaid')).resolves.toBe('€750.50');
    await expect(page.locator('tr.treatment-copied', { hasText: 'Crown' }).count()).resolves.toBe(2); // the plan's row and the treatment's
    await screenshot(page, 'patient-account-plans');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
