// Family membership on the Account page (DOMAIN.md B "Family account"): the patient's family and its members, and for
// the front desk: start a new family, join another patient's family, add a patient to this one, or leave it
// (POST /families, PUT /patients/{id}/family). Families are the organization's: members may be of any clinic.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { Empty, ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import { useSetPatientFamily, useStartFamily } from './usePatientDetails';
import { usePatients, type PatientAccount } from './usePatients';

export function FamilyMembership({ account }: { account: PatientAccount }) {
  const { t } = useTranslation();
  const session = useSession();
  const { patient, family } = account;
  const mayChange = session.can('registerPatients');
  const setFamily = useSetPatientFamily();
  const { message } = errorsOf(setFamily.error);
  return (
    <section aria-labelledby="family-membership-title" className="card">
      <h2 id="family-membership-title">{t('family.title')}</h2>
      {family ? (
        <>
          <p data-testid="family-name">{t('family.memberOf', { name: family.family.name })}</p>
          <ul className="family-members" aria-label={t('family.members')}>
            {family.members.map((m) => (
              <li key={m.patientId}>
                {m.patientId === patient.id ? (
                  `${m.firstName} ${m.lastName}`
                ) : (
                  <Link to={`/patients/${m.patientId}`}>{`${m.firstName} ${m.lastName}`}</Link>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p data-testid="family-name">{t('family.none')}</p>
      )}
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      {mayChange && (
        <div className="family-actions">
          {family ? (
            <>
              <FindPatient
                label={t('family.addMember')}
                action={(p) =>
                  p.familyId === family.family.id
                    ? undefined
                    : { name: t('family.add', { name: `${p.firstName} ${p.lastName}` }), familyId: family.family.id }
                }
                onPick={(patientId, familyId) => setFamily.mutate({ patientId, familyId })}
                busy={setFamily.isPending}
              />
              <div className="form-actions">
                <button
                  type="button"
                  disabled={setFamily.isPending}
                  onClick={() => setFamily.mutate({ patientId: patient.id, familyId: null })}
                >
                  {t('family.leave')}
                </button>
              </div>
            </>
          ) : (
            <>
              {/* keyed: a renamed patient's family name is offered anew */}
              <StartFamily key={patient.lastName} patientId={patient.id} lastName={patient.lastName} />
              <FindPatient
                label={t('family.join')}
                action={(p) =>
                  p.familyId && p.id !== patient.id
                    ? { name: t('family.joinTheirs', { name: `${p.firstName} ${p.lastName}` }), familyId: p.familyId }
                    : undefined
                }
                onPick={(_, familyId) => setFamily.mutate({ patientId: patient.id, familyId })}
                busy={setFamily.isPending}
              />
            </>
          )}
        </div>
      )}
    </section>
  );
}

function StartFamily({ patientId, lastName }: { patientId: string; lastName: string }) {
  const { t } = useTranslation();
  const start = useStartFamily(patientId);
  const [name, setName] = useState(t('family.defaultName', { name: lastName }));
  const { fields, message } = errorsOf(start.error);
  return (
    <form
      className="form-inline"
      aria-label={t('family.start')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate(name.trim());
      }}
    >
      <div className="field">
        <label htmlFor="family-new-name">{t('family.name')}</label>
        <input
          id="family-new-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={fields.name ? true : undefined}
          aria-describedby={fields.name ? 'family-new-name-error' : undefined}
        />
        <FieldError id="family-new-name-error" reasons={fields.name} />
      </div>
      <button type="submit" disabled={start.isPending}>
        {t('family.start')}
      </button>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}

type Found = PatientAccount['patient'];

/** A patient search (GET /patients?q=, every visible clinic) whose results offer one action each, or none. */
function FindPatient(props: {
  label: string;
  action: (p: Found) => { name: string; familyId: string } | undefined;
  onPick: (patientId: string, familyId: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const id = `family-search-${props.label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div>
      <form
        className="form-inline"
        role="search"
        aria-label={props.label}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setQ(typed.trim());
        }}
      >
        <div className="field">
          <label htmlFor={id}>{props.label}</label>
          <input
            id={id}
            type="search"
            value={typed}
            placeholder={t('patients.searchHint')}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <button type="submit">{t('patients.search')}</button>
      </form>
      {q && <FoundPatients q={q} {...props} />}
    </div>
  );
}

function FoundPatients(props: {
  q: string;
  action: (p: Found) => { name: string; familyId: string } | undefined;
  onPick: (patientId: string, familyId: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const list = usePatients({ q: props.q, page: 1, pageSize: 10 });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <Empty>{t('patients.empty')}</Empty>;
  return (
    <ul className="family-members" aria-label={t('family.found')}>
      {list.data.items.map((p) => {
        const action = props.action(p);
        return (
          <li key={p.id}>
            {`${p.firstName} ${p.lastName}`}{' '}
            {action ? (
              <button
                type="button"
                className="link-button"
                disabled={props.busy}
                onClick={() => props.onPick(p.id, action.familyId)}
              >
                {action.name}
              </button>
            ) : (
              <span className="muted">{p.familyId ? t('family.inFamily') : t('family.noFamily')}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
