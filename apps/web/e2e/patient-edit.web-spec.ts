// Editing a patient and family membership in Debian's Chromium against the whole stack (apps/web/e2e/README.md):
// the receptionist changes a patient's name and phone on the Account page and reads them back (also through the
// search, without accents), a refused edit shows the API's words beside the field, two patients are put in one
// family (a new one, then another patient joins it) and the Family Account lists both; axe-core on each screen.
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

describe('Edit patient and Family (web, Chromium)', () => {
  let web: WebStack | undefined;
  let reception: TestUser;
  let physician: TestUser;
  let clinicId = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    web = await startWebStack();
    clinicId = (await web.adminApi.get('/me')).body.clinics[0].id;
    reception = await createUser(web.adminApi, ['reception'], { name: 'Rana Reception' });
    physician = await createUser(web.adminApi, ['physician'], { name: 'Pelin Physician' });
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

  async function patient(firstName: string, lastName: string, phone?: string): Promise<string> {
    const res = await web!.adminApi.call('POST', '/patients', {
      clinicId,
      firstName,
      lastName,
      ...(phone ? { phone } : {}),
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it("the receptionist edits a patient's name and phone and reads them back; a bad e-mail is refused in the API's words", async () => {
    const id = await patient('Ali', 'Yılmaz', '+90 555 000 1111');
    const page = await signedInPage(reception);
    await page.goto(`/patients/${id}`);
    await page.getByRole('heading', { name: 'Account of Ali Yılmaz' }).waitFor();
    await expect(page.getByTestId('patient-phone').innerText()).resolves.toBe('+90 555 000 1111');

    await page.getByRole('button', { name: 'Edit patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit patient: Ali Yılmaz' });
    await expect(dialog.getByLabel('First name').inputValue()).resolves.toBe('Ali');
    // a malformed e-mail: the API's 400, beside the field, and nothing changed
    await dialog.getByLabel('Email').fill('not-an-e-mail');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText(/email must be an email/i).waitFor();
    await screenshot(page, 'patient-edit-refused');
    expect(await seriousViolations(page)).toEqual([]);

    await dialog.getByLabel('Email').fill('');
    await dialog.getByLabel('First name').fill('Şükrü');
    await dialog.getByLabel('Last name').fill('Öztürk');
    await dialog.getByLabel('Phone').fill('+90 555 222 3344');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Account of Şükrü Öztürk' }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await expect(page.getByTestId('patient-phone').innerText()).resolves.toBe('+90 555 222 3344');
    await expect(page.getByTestId('patient-email').innerText()).resolves.toBe('—');
    await screenshot(page, 'patient-edited');
    expect(await seriousViolations(page)).toEqual([]);

    // stored: a fresh page, and the search without accents finds the new name
    await page.reload();
    await page.getByRole('heading', { name: 'Account of Şükrü Öztürk' }).waitFor();
    await expect(page.getByTestId('patient-phone').innerText()).resolves.toBe('+90 555 222 3344');
    await page.getByRole('link', { name: 'Patients' }).first().click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('sukru ozturk');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Şükrü Öztürk' }).click();
    await page.getByRole('heading', { name: 'Account of Şükrü Öztürk' }).waitFor();
    const read = await web!.adminApi.get(`/patients/${id}`);
    expect(read.body).toEqual(
      expect.objectContaining({ firstName: 'Şükrü', lastName: 'Öztürk', phone: '+90 555 222 3344', email: null }),
    );
  });

  it('puts two patients in one family: a new family, another patient joins it, the Family Account lists both', async () => {
    const mehmet = await patient('Mehmet', 'Kaya');
    const zeynep = await patient('Zeynep', 'Kaya');
    const page = await signedInPage(reception);
    await page.goto(`/patients/${mehmet}`);
    await page.getByRole('heading', { name: 'Account of Mehmet Kaya' }).waitFor();
    await expect(page.getByTestId('family-name').innerText()).resolves.toBe('Not in a family.');

    const start = page.getByRole('form', { name: 'Start a new family' });
    await expect(start.getByLabel('Family name').inputValue()).resolves.toBe('Kaya family');
    await start.getByRole('button', { name: 'Start a new family' }).click();
    await page
      .getByTestId('family-name')
      .filter({ hasText: /^Member of Kaya family$/ })
      .waitFor();
    await page.getByRole('heading', { name: 'Family Account: Kaya family' }).waitFor();

    // Zeynep joins Mehmet's family from her own page
    await page.goto(`/patients/${zeynep}`);
    await page.getByRole('heading', { name: 'Account of Zeynep Kaya' }).waitFor();
    const join = page.getByRole('search', { name: "Join another patient's family" });
    await join.getByRole('searchbox').fill('mehmet kaya');
    await join.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Join the family of Mehmet Kaya' }).click();
    await page.getByRole('heading', { name: 'Family Account: Kaya family' }).waitFor();
    const family = page.getByRole('table', { name: 'Family Account: Kaya family' });
    await family.getByRole('link', { name: 'Mehmet Kaya' }).waitFor();
    await family.getByRole('link', { name: 'Zeynep Kaya' }).waitFor();
    const members = page.getByRole('list', { name: 'Family members' });
    await expect(members.getByRole('listitem').allInnerTexts()).resolves.toEqual(['Mehmet Kaya', 'Zeynep Kaya']);
    await screenshot(page, 'patient-family');
    expect(await seriousViolations(page)).toEqual([]);

    // the API holds the same family for both
    const [a, b] = await Promise.all([mehmet, zeynep].map((id) => web!.adminApi.get(`/patients/${id}`)));
    expect(a.body.familyId).toBeTruthy();
    expect(b.body.familyId).toBe(a.body.familyId);

    // a physician reads the family but may not change it
    const reader = await signedInPage(physician);
    await reader.goto(`/patients/${zeynep}`);
    await reader.getByRole('heading', { name: 'Family Account: Kaya family' }).waitFor();
    await expect(reader.getByRole('button', { name: 'Take out of the family' }).count()).resolves.toBe(0);
    await expect(reader.getByRole('button', { name: 'Edit patient' }).count()).resolves.toBe(0);

    // taken out again: no Family Account on her page, Mehmet's family keeps him alone
    await page.getByRole('button', { name: 'Take out of the family' }).click();
    await page
      .getByTestId('family-name')
      .filter({ hasText: /^Not in a family\.$/ })
      .waitFor();
    await expect(page.getByRole('heading', { name: 'Family Account: Kaya family' }).count()).resolves.toBe(0);
    expect((await web!.adminApi.get(`/patients/${zeynep}`)).body.familyId).toBeNull();
  });
});
