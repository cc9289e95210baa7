// A record's History (DOMAIN.md E) in a dialog: every version oldest first with when, who, what was done, the reason
// (in words), the memo and each field's before → after in the page's formats; a deletion, cancellation or undo reads
// struck through.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../app/format';
import { useSession } from '../app/session';
import { historyChangeText, isRemoval, knownChanges, type HistoryFormat } from './corrections';
import { Dialog } from './Dialog';
import { ErrorState, Loading } from './states';
import { useHistory, type HistorySubject } from './useHistory';

interface HistoryProps {
  subject: HistorySubject;
  id: string;
  /** names the record: "History of Root canal" */
  what: string;
  currency: string;
  /** physicians' names by id, for a treatment's physician */
  names?: ReadonlyMap<string, string>;
}

/** The History button of a record, opening its versions in a dialog. */
export function HistoryButton(props: HistoryProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link-button"
        aria-label={t('corrections.historyOf', { what: props.what })}
        onClick={() => setOpen(true)}
      >
        {t('corrections.history')}
      </button>
      {open && (
        <Dialog title={t('corrections.historyTitle', { what: props.what })} onClose={() => setOpen(false)} wide>
          <HistoryTable {...props} />
          <div className="form-actions">
            <button type="button" onClick={() => setOpen(false)}>
              {t('corrections.closeHistory')}
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

function HistoryTable(props: HistoryProps) {
  const { t } = useTranslation();
  const { locale } = useSession();
  const query = useHistory(props.subject, props.id);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const items = query.data.items;
  if (items.length === 0) return <p className="state state-empty">{t('corrections.noHistory')}</p>;
  const format: HistoryFormat = {
    locale,
    currency: props.currency,
    label: (field) => t(`corrections.fields.${field}`, { defaultValue: field }),
    word: (field, value) => {
      if (field === 'paymentType') return t(`paymentType.${value}`, { defaultValue: value });
      if (field === 'method') return t(`paymentMethod.${value}`, { defaultValue: value });
      if (field === 'mode') return t(`corrections.modes.${value}`, { defaultValue: value });
      if (field === 'status') return t(`status.${value}`, { defaultValue: value });
      if (field === 'physicianId') return props.names?.get(value) ?? value;
      return value;
    },
  };
  return (
    <div className="table-wrap">
      <table className="data-table history">
        <caption className="visually-hidden">{t('corrections.historyTitle', { what: props.what })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('corrections.when')}</th>
            <th scope="col">{t('corrections.who')}</th>
            <th scope="col">{t('corrections.what')}</th>
            <th scope="col">{t('corrections.reason')}</th>
            <th scope="col">{t('corrections.memo')}</th>
            <th scope="col">{t('corrections.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => {
            const removal = isRemoval(entry.action);
            const action = t(`corrections.actions.${entry.action}`, { defaultValue: entry.action });
            return (
              <tr key={entry.version} className={removal ? 'history-removed' : undefined}>
                <td>
                  <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
                </td>
                <td>{entry.userName ?? t('corrections.formerUser')}</td>
                <td>
                  {removal ? <s>{action}</s> : action}
                  {removal && <span className="visually-hidden"> ({t('corrections.removed')})</span>}
                </td>
                <td>{entry.reason ? t(`corrections.reasons.${entry.reason}`, { defaultValue: entry.reason }) : ''}</td>
                <td className="wrap">{entry.memo ?? ''}</td>
                <td className="wrap">
                  <ul className="changes">
                    {knownChanges(entry.changes).map((c) => {
                      const text = historyChangeText(c, format, entry.action);
                      return <li key={c.field}>{removal ? <s>{text}</s> : text}</li>;
                    })}
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
