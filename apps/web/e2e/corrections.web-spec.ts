// Corrections carry a reason (DOMAIN.md E; issues 13 "edit" and 15) in Debian's Chromium against the whole stack
// (apps/web/e2e/README.md): a treatment's amount edited with the reason Price change (the new figure and Unpaid on
// screen), a duplicate received money deleted (Received drops), a received money's note edited, the treatment's History
// reading the reason and "Amount: €100.00 → €120.00", the reason dialog refusing Other without a memo, no Edit on an
// invoiced treatment, and a work-order payment deleted with its reason, struck through in the activity log and its
// History; axe-core clean.
import type { BrowserContext, Locator, Page } from 'playwright-core';
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

/** Chooses a reason (by its words) and, when given, types the memo, in a dialog or form. */
async function giveReason(scope: Locator, reason: string, memo?: string): Promise<void> {
  await scope.getByLabel('Reason').selectOption({ label: reason });
  if (memo !== undefined) await scope.getByLabel('Memo').fill(memo);
}

describe('Corrections with reasons and History (web, Chromium)', () => {
  let web: WebStack | undefined;
  let accountant: TestUser;
  let clinicId: string;
  let patientId: string;
  const receipts: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    web = await startWebStack();
    const api = web.adminApi;
    clinicId = (await api.get('/me')).body.clinics[0].id;
    expect((await api.call('POST', '/physicians', { clinicId, name: 'Dr. A' })).status).toBe(201);
    const patient = await api.call('POST', '/patients', { clinicId, firstName: 'Elif', lastName: 'Kaya' });
    expect(patient.status).toBe(201);
    patientId = patient.body.id;
    const treated = await api.create(`/patients/${patientId}/treatments`, {
      procedure: 'Crown',
      tooth: '16',
      date: '2026-11-02',
      amount: '100.00',
    });
    expect(treated.status).toBe(201);
    // the same 30.00 entered twice: the second is the duplicate to delete
    for (let i = 0; i < 2; i++) {
      const paid = await api.create(`/patients/${patientId}/payments`, {
        date: '2026-11-03',
        amount: '30.00',
        paymentType: 'cash',
      });
      expect(paid.status).toBe(201);
      receipts.push(paid.body.receiptNumber);
    }
    accountant = await createUser(api, ['accountant'], { name: 'Ayla Accountant' });
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

  it('edits a treatment with Price change, deletes a duplicate received money, and reads the History', async () => {
    const page = await signedInPage(accountant);
    await page.goto(`/patients/${patientId}`);
    await page.getByRole('heading', { name: 'Account of Elif Kaya' }).waitFor();
    await expect(figure(page, 'unpaid')).resolves.toBe('€40.00');
    await expect(figure(page, 'received-total')).resolves.toBe('€60.00');

    // Edit: the amount 100.00 → 120.00; without a reason the dialog says what is missing and sends nothing
    await page.getByRole('button', { name: 'Edit Crown' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit treatment Crown' });
    await edit.getByLabel('Amount').fill('120.00');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText('Choose a reason.').waitFor();
    await giveReason(edit, 'Price change');
    await screenshot(page, 'corrections-edit-treatment');
    expect(await seriousViolations(page)).toEqual([]);
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Crown.*€120\.00/ }).waitFor();
    await expect(figure(page, 'treatment-total')).resolves.toBe('€120.00');
    await expect(figure(page, 'unpaid')).resolves.toBe('€60.00');

    // Delete the duplicate: Other without a memo is refused on the spot, Duplicate goes through; Received drops
    await page.getByRole('button', { name: `Delete ${receipts[1]}` }).click();
    const remove = page.getByRole('dialog', { name: `Delete ${receipts[1]}` });
    await giveReason(remove, 'Other');
    await remove.getByRole('button', { name: 'Delete', exact: true }).click();
    await remove.getByText('Write a memo: it is required when the reason is Other.').waitFor();
    await expect(remove.getByLabel('Memo').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'corrections-reason-refused');
    expect(await seriousViolations(page)).toEqual([]);
    await giveReason(remove, 'Duplicate', '');
    await remove.getByRole('button', { name: 'Delete', exact: true }).click();
    await remove.waitFor({ state: 'detached' });
    await expect(page.getByRole('row', { name: new RegExp(receipts[1]) }).count()).resolves.toBe(0);
    await expect(figure(page, 'received-total')).resolves.toBe('€30.00');
    await expect(figure(page, 'unpaid')).resolves.toBe('€90.00');
    // still listed when asked for, struck through, with its History naming the reason
    await page.getByLabel('Show deleted').check();
    const deleted = page.getByRole('table', { name: 'Deleted received moneys' });
    await deleted.locator('s', { hasText: receipts[1] }).waitFor();
    await deleted.getByRole('button', { name: `History of received money ${receipts[1]}` }).click();
    const deletedHistory = page.getByRole('dialog', { name: `History: received money ${receipts[1]}` });
    await deletedHistory.getByRole('row', { name: /Duplicate/ }).waitFor();
    await screenshot(page, 'corrections-deleted-payment-history');
    await deletedHistory.getByRole('button', { name: 'Close' }).click();
    await page.getByLabel('Show deleted').uncheck();

    // Edit a received money's note (Entry error)
    await page.getByRole('button', { name: `Edit ${receipts[0]}` }).click();
    const editPayment = page.getByRole('dialog', { name: `Edit received money ${receipts[0]}` });
    await expect(editPayment.getByLabel('Amount').inputValue()).resolves.toBe('30.00');
    await editPayment.getByLabel('Note').fill('first visit');
    await giveReason(editPayment, 'Entry error');
    await editPayment.getByRole('button', { name: 'Save' }).click();
    await editPayment.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: new RegExp(`${receipts[0]}.*first visit`) }).waitFor();

    // the treatment's History: created, then changed with Price change and the amount's before → after
    await page.getByRole('button', { name: 'History of Crown' }).click();
    const history = page.getByRole('dialog', { name: 'History: Crown' });
    await history.getByRole('row', { name: /Changed.*Price change.*Amount: €100\.00 → €120\.00/ }).waitFor();
    await history.getByRole('row', { name: /Created/ }).waitFor();
    await expect(history.getByRole('row', { name: /Ayla Accountant.*Price change/ }).count()).resolves.toBe(1);
    await screenshot(page, 'corrections-history-treatment');
    expect(await seriousViolations(page)).toEqual([]);
    await history.getByRole('button', { name: 'Close' }).click();
    await history.waitFor({ state: 'detached' });

    // the received money's History: the note typed, Entry error
    await page.getByRole('button', { name: `History of received money ${receipts[0]}` }).click();
    const paymentHistory = page.getByRole('dialog', { name: `History: received money ${receipts[0]}` });
    await paymentHistory.getByRole('row', { name: /Entry error.*first visit/ }).waitFor();
    await paymentHistory.getByRole('button', { name: 'Close' }).click();

    // invoiced, the treatment offers no Edit; the invoice is cancelled with a reason and offers its History
    await page.getByLabel('Choose Crown for an invoice').check();
    await page.getByRole('button', { name: 'Issue invoice' }).click();
    await page.getByRole('row', { name: /Crown.*invoiced/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Edit Crown' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: /^Cancel invoice/ }).click();
    const cancel = page.getByRole('dialog', { name: /^Cancel invoice/ });
    await giveReason(cancel, 'Patient request');
    await cancel.getByRole('button', { name: 'Cancel the invoice' }).click();
    await page.getByRole('button', { name: 'Edit Crown' }).waitFor();
    await screenshot(page, 'corrections-account');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the Turkish words of the reasons', async () => {
    const context = await web!.newContext({ locale: 'tr-TR' });
    contexts.push(context);
    await signInByApi(context, accountant);
    const page = await context.newPage();
    await page.goto(`/patients/${patientId}`);
    // all clinics shown: the browser's language
    await page.getByRole('heading', { name: 'Elif Kaya hesabı' }).waitFor();
    await page.getByRole('button', { name: 'Crown düzenle' }).click();
    const edit = page.getByRole('dialog', { name: 'Crown tedavisini düzenle' });
    await expect(edit.getByLabel('Gerekçe').locator('option').allInnerTexts()).resolves.toEqual([
      'Bir gerekçe seçin',
      'Giriş hatası',
      'Mükerrer kayıt',
      'Hasta talebi',
      'Fiyat değişikliği',
      'İyi niyet indirimi',
      'Diğer',
    ]);
    await screenshot(page, 'corrections-edit-turkish');
    await edit.getByRole('button', { name: 'Vazgeç' }).click();
  });

  it('a work-order payment deleted with its reason stays in its History, struck through', async () => {
    const api = web!.adminApi;
    const lab = await api.call('POST', '/labs', { name: 'Pearl Lab' });
    expect(lab.status).toBe(201);
    const order = await api.create('/work-orders', {
      clinicId,
      labId: lab.body.id,
      description: 'zirconia crown',
      documentedDate: '2026-11-05',
      paymentPlan: { totalAmount: '300.00', paymentMethod: 'bank_transfer', dueDate: '2026-12-31' },
    });
    expect(order.status).toBe(201);
    const paid = await api.create(`/work-orders/${order.body.id}/payments`, {
      date: '2026-11-10',
      amount: '120.00',
      method: 'bank_transfer',
    });
    expect(paid.status).toBe(201);

    const page = await signedInPage(accountant);
    await page.goto(`/work-orders/${order.body.id}`);
    await expect(page.getByTestId('paid-amount').innerText()).resolves.toBe('€120.00');
    const payments = page.getByRole('region', { name: 'Payments' });
    await payments.getByRole('button', { name: 'Delete', exact: true }).click();
    const remove = page.getByRole('dialog', { name: /^Delete payment of/ });
    await remove.getByRole('button', { name: 'Delete', exact: true }).click();
    await remove.getByText('Choose a reason.').waitFor();
    await giveReason(remove, 'Entry error');
    await remove.getByRole('button', { name: 'Delete', exact: true }).click();
    await remove.waitFor({ state: 'detached' });
    await expect(page.getByTestId('paid-amount').innerText()).resolves.toBe('€0.00');
    // the activity log says why, the deletion struck through; the payment's History stays there
    const logged = page.getByRole('row', { name: /Payment deleted.*Ayla Accountant.*Entry error/ });
    await logged.waitFor();
    await expect(logged.getAttribute('class')).resolves.toBe('deleted');
    await screenshot(page, 'corrections-work-order-deleted');

    await page.getByRole('button', { name: /^History of payment of/ }).click();
    const history = page.getByRole('dialog', { name: /^History: payment of/ });
    const deleted = history.getByRole('row', { name: /Deleted.*Entry error/ });
    await deleted.waitFor();
    await expect(deleted.locator('s').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'corrections-work-order-history');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
