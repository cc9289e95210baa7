import {
  CommonErrors,
  DEFAULT_JOURNAL_ACCOUNTS,
  DomainError,
  JOURNAL_ACCOUNT_KEYS,
  JournalAccountKey,
  JournalAccountsView,
  PutJournalAccountsDto,
} from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export type AccountChart = Record<JournalAccountKey, { code: string; name: string }>;

/**
 * The organization's chart of the journal's accounts: DOMAIN.md E's defaults, with the codes and names the
 * organization set (PUT /accounting/accounts). Two keys may share a code (e.g. bank and card clearing both on a
 * "102 Bankalar"): their lines then fall on one account.
 */
@Injectable()
export class AccountCharts {
  constructor(private readonly em: EntityManager) {}

  async chartOf(organizationId: string): Promise<AccountChart> {
    const rows = await this.em
      .fork()
      .execute<Array<{ key: string; code: string; name: string }>>(
        'select key, code, name from accounting_account where organization_id = ?',
        [organizationId],
      );
    const chart = { ...DEFAULT_JOURNAL_ACCOUNTS };
    for (const r of rows)
      if ((JOURNAL_ACCOUNT_KEYS as readonly string[]).includes(r.key))
        chart[r.key as JournalAccountKey] = { code: r.code, name: r.name };
    return chart;
  }

  async view(organizationId: string): Promise<JournalAccountsView> {
    const chart = await this.chartOf(organizationId);
    return {
      accounts: JOURNAL_ACCOUNT_KEYS.map((key) => ({
        key,
        code: chart[key].code,
        name: chart[key].name,
        custom:
          chart[key].code !== DEFAULT_JOURNAL_ACCOUNTS[key].code ||
          chart[key].name !== DEFAULT_JOURNAL_ACCOUNTS[key].name,
      })),
    };
  }

  /** Sets the accounts given (each key once: a repeated key is a 400 naming it); the others are kept. */
  async put(organizationId: string, userId: string, dto: PutJournalAccountsDto): Promise<JournalAccountsView> {
    const seen = new Set<string>();
    dto.accounts.forEach((a, i) => {
      if (seen.has(a.key))
        throw new DomainError(CommonErrors.VALIDATION, 400, `accounts.${i}.key: ${a.key} is given twice`, [
          { field: `accounts.${i}.key`, reasons: [`${a.key} is given twice`] },
        ]);
      seen.add(a.key);
    });
    await this.em.fork().execute(
      `insert into accounting_account (organization_id, key, code, name, updated_by)
       select ?, key, code, name, ? from json_to_recordset(?::json) as a(key text, code text, name text)
       on conflict (organization_id, key) do update set code = excluded.code, name = excluded.name,
         updated_by = excluded.updated_by, updated_at = now()`,
      [organizationId, userId, JSON.stringify(dto.accounts.map((a) => ({ key: a.key, code: a.code, name: a.name })))],
    );
    return this.view(organizationId);
  }
}
