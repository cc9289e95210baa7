// Settings in Debian's Chromium against the whole stack (apps/web/e2e/README.md): an admin opens a clinic (TRY,
// Europe/Istanbul, Turkish), sets its Bank Charge Percentage to 2.5, 0 and blank and reads each state back (DOMAIN.md
// B), sets its progress payment to treatments with a 10.00 % cost (DOMAIN.md D) and its notifications (the API's
// field error on a short webhook secret), creates a reception user for that clinic and a report subscription and
// stops it; an accountant sees only what the role allows, the receptionist no Settings; Turkish words; axe-core.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { createUser, screenshot, seriousViolations, signInByApi, startWebStack, WebStack } from './support/browser';

jest.setTimeout(180_000);

const CLINIC = 'Kadıköy Klinik';

describe('Settings (web, Chromium)', () => {
  let web: WebStack | undefined;
  const contexts: BrowserContext[] = [];
  let clinicId = '';
  const receptionist = {
    name: 'Deniz Yılmaz',
    email: `deniz-${Date.now().toString(36)}@kadikoy.example`,
    password: 'Reception-pass-2026',
  };

  beforeAll(async () => {
    web = await startWebStack();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await web?.stop();
  });

  async function signedInPage(user: { email: string; password: string }, locale?: string): Promise<Page> {
    const context = await web!.newContext(locale ? { locale } : undefined);
    contexts.push(context);
    await signInByApi(context, user);
    return context.newPage();
  }

  /** Reloads until `ready` shows (up to `timeoutMs`): reports follow the settings' events. */
  async function untilShown(page: Page, ready: () => Locator, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await ready().waitFor({ timeout: Math.max(1, Math.min(5_000, deadline - Date.now())) });
        return;
      } catch (error) {
        if (Date.now() >= deadline) {
          const shot = await screenshot(page, 'failed-settings');
          throw new Error(`not on screen after ${timeoutMs} ms: ${page.url()} (${shot})\n${String(error)}`);
        }
        await page.reload();
      }
    }
  }

  const clinicRow = (page: Page) => page.getByRole('row', { name: new RegExp(CLINIC) });

  it('an admin opens a clinic and sets its Bank Charge Percentage to 2.5, 0 and blank, each read back', async () => {
    const page = await signedInPage(web!.admin);
    await page.goto('/');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/settings/clinics');
    const form = page.getByRole('form', { name: 'New clinic' });
    await form.getByLabel('Name').fill(CLINIC);
    await form.getByLabel('Currency').fill('TRY');
    await form.getByLabel('Time zone').fill('Europe/Istanbul');
    await form.getByLabel('Language').selectOption({ label: 'Türkçe' });
    await form.getByRole('button', { name: 'Open clinic' }).click();
    await form.getByRole('status').getByText(`Clinic ${CLINIC} opened.`).waitFor();

    const row = clinicRow(page);
    await row.waitFor();
    expect((await row.getByRole('cell').allInnerTexts()).slice(1, 4)).toEqual(['TRY', 'Europe/Istanbul', 'Türkçe']);
    await row.getByText('Not set: no bank cost').waitFor();
    const clinics = await web!.adminApi.get('/clinics');
    clinicId = clinics.body.items.find((c: { name: string }) => c.name === CLINIC).id;

    const field = row.getByLabel(`Bank Charge Percentage of ${CLINIC}`);
    const save = row.getByRole('button', { name: `Save for ${CLINIC}` });
    const steps: [typed: string, state: string, api: string | null, shown: string][] = [
      ['2.5', '2.50 %: computed on card payments', '2.50', '2.50'],
      ['0', '0: the Bank Cost is typed by hand', '0.00', '0.00'],
      ['', 'Not set: no bank cost', null, ''],
    ];
    for (const [typed, state, stored, shown] of steps) {
      await field.fill(typed);
      await save.click();
      await row.getByRole('status').getByText('Saved.').waitFor();
      await row.getByText(state).waitFor();
      // read back: the API, and the page opened afresh
      const clinic = await web!.adminApi.get(`/clinics/${clinicId}`);
      expect(clinic.body.bankChargePercent === null ? null : Number(clinic.body.bankChargePercent)).toEqual(
        stored === null ? null : Number(stored),
      );
      await page.reload();
      await clinicRow(page).getByText(state).waitFor();
      expect(await field.inputValue()).toBe(clinic.body.bankChargePercent ?? '');
      expect(Number(await field.inputValue())).toEqual(Number(shown));
      if (typed === '2.5') await screenshot(page, 'settings-clinics');
    }
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('an admin sets the clinic’s progress payment (treatments, 10.00) and notifications, read back', async () => {
    const page = await signedInPage(web!.admin);
    await page.goto('/settings/clinics');
    await clinicRow(page).getByRole('link', { name: CLINIC }).click();
    await page.waitForURL(`**/settings/clinics/${clinicId}`);
    await page.getByRole('heading', { name: CLINIC }).waitFor();

    const progress = page.getByRole('form', { name: 'Progress payment' });
    await progress.getByText('Now: Collections (money received, by pay splits), cost 0.00 %').waitFor();
    await progress.getByLabel('Progress payment mode').selectOption('treatments');
    await progress.getByLabel('Cost percentage').fill('10.00');
    await progress.getByRole('button', { name: 'Save' }).click();
    await progress.getByRole('status').getByText('Saved.').waitFor();
    await progress.getByText('Now: Treatments (performed in the period), cost 10.00 %').waitFor();

    // read back: the page opened afresh reads the clinic's settings from the Progress Payment (it follows the event)
    await untilShown(page, () => progress.getByText('Now: Treatments (performed in the period), cost 10.00 %'));
    expect(await progress.getByLabel('Progress payment mode').inputValue()).toBe('treatments');
    expect(await progress.getByLabel('Cost percentage').inputValue()).toBe('10.00');

    const notifications = page.getByRole('form', { name: 'Notifications' });
    await notifications.getByLabel('Clinic email').fill('front-desk@kadikoy.example');
    await notifications.getByLabel('Webhook URL').fill('https://hooks.example/kadikoy');
    await notifications.getByLabel('Webhook secret').fill('too-short');
    await notifications.getByRole('button', { name: 'Save' }).click();
    // the API's 400 beside the field it names
    const secret = notifications.getByLabel('Webhook secret');
    await notifications.getByRole('alert').first().waitFor();
    expect(await secret.getAttribute('aria-invalid')).toBe('true');
    expect(await notifications.getByRole('alert').first().innerText()).toMatch(/webhookSecret|16/);
    await screenshot(page, 'settings-notifications-400');
    await secret.fill('a-secret-of-the-clinic-2026');
    await notifications.getByRole('button', { name: 'Save' }).click();
    await notifications.getByRole('status').getByText('Saved.').waitFor();
    await notifications.getByText('A secret is set: type a new one to replace it.').waitFor();
    const stored = await web!.adminApi.get(`/clinics/${clinicId}/notification-settings`);
    expect(stored.body).toMatchObject({
      email: 'front-desk@kadikoy.example',
      webhookUrl: 'https://hooks.example/kadikoy',
      hasWebhookSecret: true,
      notifyPatients: true,
    });
    await page.reload();
    await expect(page.getByLabel('Clinic email').inputValue()).resolves.toBe('front-desk@kadikoy.example');
    await screenshot(page, 'settings-clinic');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('an admin creates a reception user for the clinic and a report subscription, then stops it', async () => {
    const page = await signedInPage(web!.admin);
    await page.goto('/settings/clinics');
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.waitForURL('**/settings/users');
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Name').fill(receptionist.name);
    await form.getByLabel('Email').fill(receptionist.email);
    await form.getByLabel('Password').fill(receptionist.password);
    await form.getByRole('checkbox', { name: 'Reception' }).check();
    await form.getByRole('radio', { name: 'Chosen clinics' }).check();
    await form.getByRole('checkbox', { name: CLINIC }).check();
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByRole('status').getByText(`User ${receptionist.name} created.`).waitFor();
    const row = page.getByRole('row', { name: new RegExp(receptionist.email) });
    await row.waitFor();
    expect((await row.getByRole('cell').allInnerTexts()).slice(0, 4)).toEqual([
      receptionist.name,
      receptionist.email,
      'Reception',
      CLINIC,
    ]);
    await page.getByRole('row', { name: /admin@example\.com.*Admin/ }).waitFor();
    await screenshot(page, 'settings-users');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Report subscriptions', exact: true }).click();
    await page.waitForURL('**/settings/reports');
    await page.getByText('No report subscriptions yet.').waitFor();
    const subscribe = page.getByRole('form', { name: 'New report subscription' });
    await subscribe.getByLabel('Clinic of the report').selectOption({ label: CLINIC });
    await subscribe.getByLabel('Report', { exact: true }).selectOption({ label: 'Finance, weekly' });
    await subscribe.getByLabel('Format').selectOption({ label: 'XLSX' });
    await subscribe.getByLabel('Email').fill('owner@kadikoy.example');
    await subscribe.getByRole('button', { name: 'Subscribe' }).click();
    const subscription = page.getByRole('row', { name: /owner@kadikoy\.example/ });
    await subscription.waitFor();
    expect((await subscription.getByRole('cell').allInnerTexts()).slice(0, 4)).toEqual([
      CLINIC,
      'Finance, weekly',
      'XLSX',
      'owner@kadikoy.example',
    ]);
    const listed = await web!.adminApi.get('/report-subscriptions');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ clinicId, report: 'finance-weekly', format: 'xlsx', email: 'owner@kadikoy.example' }),
    ]);
    await screenshot(page, 'settings-report-subscriptions');
    expect(await seriousViolations(page)).toEqual([]);

    await subscription.getByRole('button', { name: 'Delete the subscription of owner@kadikoy.example' }).click();
    await subscription.getByRole('button', { name: 'Yes' }).click();
    await subscription.waitFor({ state: 'detached' });
    await page.getByText('No report subscriptions yet.').waitFor();
    expect((await web!.adminApi.get('/report-subscriptions')).body.items).toEqual([]);
  });

  it('the receptionist sees no Settings; an accountant only the clinics’ bank charge and report subscriptions', async () => {
    const reception = await signedInPage(receptionist);
    await reception.goto('/');
    await reception.getByRole('link', { name: 'Patients' }).waitFor();
    expect(await reception.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    for (const path of ['/settings', '/settings/users', `/settings/clinics/${clinicId}`]) {
      await reception.goto(path);
      await reception.getByRole('alert').getByText('Your role may not open this page.').waitFor();
      expect(await reception.getByRole('form').count()).toBe(0);
    }
    await screenshot(reception, 'settings-refused-reception');

    const accountant = await signedInPage(await createUser(web!.adminApi, ['accountant']));
    await accountant.goto('/');
    await accountant.getByRole('link', { name: 'Settings' }).click();
    await accountant.waitForURL('**/settings/clinics');
    await clinicRow(accountant).getByLabel(`Bank Charge Percentage of ${CLINIC}`).waitFor();
    const sections = accountant.getByRole('navigation', { name: 'Settings sections' }).getByRole('link');
    expect(await sections.allInnerTexts()).toEqual(['Clinics', 'Report subscriptions']);
    expect(await accountant.getByRole('form', { name: 'New clinic' }).count()).toBe(0);
    expect(await clinicRow(accountant).getByRole('link').count()).toBe(0);
    await accountant.goto(`/settings/clinics/${clinicId}`);
    await accountant.getByRole('alert').getByText('Your role may not open this page.').waitFor();
    await accountant.goto('/settings/users');
    await accountant.waitForURL('**/settings/clinics');
    await accountant.goto('/settings/reports');
    await accountant.getByRole('form', { name: 'New report subscription' }).waitFor();
    expect(await seriousViolations(accountant)).toEqual([]);
  });

  it('in Turkish: the clinics, the clinic’s progress payment and the users in Turkish words', async () => {
    const page = await signedInPage(web!.admin, 'tr-TR');
    await page.goto('/settings/clinics');
    await page.getByRole('heading', { name: 'Ayarlar' }).waitFor();
    await page.getByRole('columnheader', { name: 'Banka Masraf Yüzdesi' }).waitFor();
    await clinicRow(page).getByText('Girilmemiş: banka masrafı yok').waitFor();
    await page.getByRole('form', { name: 'Yeni klinik' }).waitFor();
    await screenshot(page, 'settings-turkish');
    expect(await seriousViolations(page)).toEqual([]);

    await clinicRow(page).getByRole('link', { name: CLINIC }).click();
    await page.getByText('Şu an: Tedavi (dönemde yapılan tedaviler), maliyet %10,00').waitFor();
    await page.getByRole('form', { name: 'Bildirimler' }).waitFor();
    await screenshot(page, 'settings-clinic-turkish');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Kullanıcılar', exact: true }).click();
    await page.getByRole('row', { name: new RegExp(`${receptionist.email}.*Resepsiyon`) }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
