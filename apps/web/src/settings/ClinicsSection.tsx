// Clinics: the list with currency, time zone, language and the Bank Charge Percentage in its three states (a number:
// computed on card payments; 0: typed by hand; blank: not set), changed in place; New clinic (admins).
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useSession } from '../app/session';
import { formatPercent, type ClinicLocale } from '../app/format';
import { DataTable, NO_ROWS } from '../common/DataTable';
import { Empty, ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import { useClinics, useCreateClinic, useSetBankCharge, type ClinicView } from './useSettings';

/** The Bank Charge Percentage's state in words: a number, 0 (typed by hand) or not set. */
export function BankChargeState({ percent, locale }: { percent: string | null; locale: ClinicLocale }) {
  const { t } = useTranslation();
  if (percent === null) return <>{t('settings.bankCharge.notSet')}</>;
  if (Number(percent) === 0) return <>{t('settings.bankCharge.byHand')}</>;
  return <>{t('settings.bankCharge.computed', { percent: formatPercent(percent, locale) })}</>;
}

function BankChargeForm({ clinic }: { clinic: ClinicView }) {
  const { t } = useTranslation();
  const session = useSession();
  const save = useSetBankCharge();
  const [value, setValue] = useState(clinic.bankChargePercent ?? '');
  const { fields, message } = errorsOf(save.error);
  const reasons = fields.bankChargePercent ?? (message ? [message] : undefined);
  const id = `bank-charge-${clinic.id}`;
  return (
    <form
      className="bank-charge-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ clinicId: clinic.id, bankChargePercent: value.trim() === '' ? null : value.trim() });
      }}
    >
      <div className="bank-charge-row">
        <label htmlFor={id} className="visually-hidden">
          {t('settings.bankChargeOf', { name: clinic.name })}
        </label>
        <input
          id={id}
          inputMode="decimal"
          size={7}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={reasons ? true : undefined}
          aria-describedby={`${id}-state${reasons ? ` ${id}-error` : ''}`}
        />
        <button
          type="submit"
          disabled={save.isPending}
          aria-label={t('settings.saveBankChargeOf', { name: clinic.name })}
        >
          {t('common.save')}
        </button>
        {save.isSuccess && !save.isPending && <span role="status">{t('settings.saved')}</span>}
      </div>
      <p className="muted bank-charge-state" id={`${id}-state`}>
        <BankChargeState percent={clinic.bankChargePercent} locale={session.locale} />
      </p>
      <FieldError id={`${id}-error`} reasons={reasons} />
    </form>
  );
}

function NewClinicForm() {
  const { t } = useTranslation();
  const create = useCreateClinic();
  const empty = { name: '', currency: '', timeZone: '', locale: 'en' as ClinicLocale };
  const [draft, setDraft] = useState(empty);
  const [created, setCreated] = useState<string | undefined>();
  const { fields, message } = errorsOf(create.error);
  const text = (name: 'name' | 'currency' | 'timeZone', label: string, hint?: string) => {
    const id = `new-clinic-${name}`;
    const described = [hint ? `${id}-hint` : '', fields[name] ? `${id}-error` : ''].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          required={name !== 'timeZone'}
          value={draft[name]}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
          aria-invalid={fields[name] ? true : undefined}
          aria-describedby={described || undefined}
        />
        {hint && (
          <p className="muted field-hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        <FieldError id={`${id}-error`} reasons={fields[name]} />
      </div>
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(undefined);
    const name = draft.name.trim();
    create.mutate(
      {
        name,
        currency: draft.currency.trim().toUpperCase(),
        locale: draft.locale,
        ...(draft.timeZone.trim() ? { timeZone: draft.timeZone.trim() } : {}),
      },
      {
        onSuccess: () => {
          setDraft(empty);
          setCreated(name);
        },
      },
    );
  };
  return (
    <form className="card form-inline settings-form" aria-label={t('settings.newClinic')} onSubmit={submit} noValidate>
      <h2>{t('settings.newClinic')}</h2>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      {text('name', t('settings.name'))}
      {text('currency', t('settings.currency'), t('settings.currencyHint'))}
      {text('timeZone', t('settings.timeZone'), t('settings.timeZoneHint'))}
      <div className="field">
        <label htmlFor="new-clinic-locale">{t('settings.locale')}</label>
        <select
          id="new-clinic-locale"
          value={draft.locale}
          onChange={(e) => setDraft({ ...draft, locale: e.target.value as ClinicLocale })}
          aria-invalid={fields.locale ? true : undefined}
          aria-describedby={fields.locale ? 'new-clinic-locale-error' : undefined}
        >
          <option value="en">{t('settings.languages.en')}</option>
          <option value="tr">{t('settings.languages.tr')}</option>
        </select>
        <FieldError id="new-clinic-locale-error" reasons={fields.locale} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('settings.openClinic')}
        </button>
        {created && <span role="status">{t('settings.clinicCreated', { name: created })}</span>}
      </div>
    </form>
  );
}

export function ClinicsSection() {
  const { t } = useTranslation();
  const session = useSession();
  const clinics = useClinics();
  const admin = session.can('manageClinics');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const columns = useMemo<ColumnDef<ClinicView>[]>(
    () => [
      {
        id: 'name',
        accessorKey: 'name',
        header: t('settings.name'),
        cell: (c) =>
          admin ? (
            <Link
              to={`/settings/clinics/${c.row.original.id}`}
              title={t('settings.clinicPage', { name: c.row.original.name })}
            >
              {c.row.original.name}
            </Link>
          ) : (
            c.row.original.name
          ),
      },
      { id: 'currency', accessorKey: 'currency', header: t('settings.currency') },
      { id: 'timeZone', accessorKey: 'timeZone', header: t('settings.timeZone') },
      {
        id: 'locale',
        accessorKey: 'locale',
        header: t('settings.locale'),
        cell: (c) => t(`settings.languages.${c.row.original.locale}`),
      },
      {
        id: 'bankCharge',
        header: t('settings.bankChargePercent'),
        enableSorting: false,
        cell: (c) => <BankChargeForm clinic={c.row.original} />,
      },
    ],
    [t, admin],
  );
  const table = useReactTable({
    data: clinics.data?.items ?? NO_ROWS,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (c) => c.id,
  });
  return (
    <>
      {admin && <NewClinicForm />}
      <h2>{t('settings.clinics')}</h2>
      <p className="muted">{t('settings.bankChargeHint')}</p>
      {clinics.isPending ? (
        <Loading />
      ) : clinics.isError ? (
        <ErrorState error={clinics.error} onRetry={() => void clinics.refetch()} />
      ) : clinics.data.items.length === 0 ? (
        <Empty>{t('settings.noClinics')}</Empty>
      ) : (
        <DataTable table={table} caption={t('settings.clinics')} />
      )}
    </>
  );
}
