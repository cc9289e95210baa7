// A patient's details on the Account page: phone and e-mail, and Edit patient (PATCH /patients/{id}) for the front
// desk. Only the changed fields are sent; a phone or e-mail emptied is sent as null (cleared); the names cannot be
// emptied (the API says so beside the field).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { Dialog } from '../common/Dialog';
import { errorsOf, FieldError } from '../common/states';
import { useUpdatePatient, type PatientChange } from './usePatientDetails';
import type { PatientAccount } from './usePatients';

type Patient = PatientAccount['patient'];
type Field = 'firstName' | 'lastName' | 'phone' | 'email';

export function PatientDetails({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  return (
    <section aria-label={t('patientEdit.details')} className="card patient-details">
      <dl className="facts">
        <dt>{t('patients.phone')}</dt>
        <dd data-testid="patient-phone">{patient.phone ?? t('patientEdit.none')}</dd>
        <dt>{t('patients.email')}</dt>
        <dd data-testid="patient-email">{patient.email ?? t('patientEdit.none')}</dd>
      </dl>
      {session.can('registerPatients') && (
        <button type="button" onClick={() => setEditing(true)}>
          {t('patientEdit.edit')}
        </button>
      )}
      {editing && <EditPatientDialog patient={patient} onClose={() => setEditing(false)} />}
    </section>
  );
}

function EditPatientDialog({ patient, onClose }: { patient: Patient; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdatePatient(patient.id);
  const [form, setForm] = useState<Record<Field, string>>({
    firstName: patient.firstName,
    lastName: patient.lastName,
    phone: patient.phone ?? '',
    email: patient.email ?? '',
  });
  const { fields, message } = errorsOf(update.error);
  const submit = () => {
    const change: PatientChange = {};
    const firstName = form.firstName.trim();
    const lastName = form.lastName.trim();
    const phone = form.phone.trim() || null;
    const email = form.email.trim() || null;
    if (firstName !== patient.firstName) change.firstName = firstName;
    if (lastName !== patient.lastName) change.lastName = lastName;
    if (phone !== patient.phone) change.phone = phone;
    if (email !== patient.email) change.email = email;
    if (Object.keys(change).length === 0) return onClose();
    update.mutate(change, { onSuccess: onClose });
  };
  const input = (name: Field, label: string, type = 'text') => {
    const id = `edit-patient-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={type}
          value={form[name]}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
          aria-invalid={fields[name] ? true : undefined}
          aria-describedby={fields[name] ? `${id}-error` : undefined}
        />
        <FieldError id={`${id}-error`} reasons={fields[name]} />
      </div>
    );
  };
  return (
    <Dialog title={t('patientEdit.title', { name: `${patient.firstName} ${patient.lastName}` })} onClose={onClose}>
      <form
        className="dialog-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {message && (
          <p className="notice notice-error" role="alert">
            {message}
          </p>
        )}
        {input('firstName', t('patients.firstName'))}
        {input('lastName', t('patients.lastName'))}
        {input('phone', t('patients.phone'), 'tel')}
        {input('email', t('patients.email'), 'email')}
        <p className="hint">{t('patientEdit.clearHint')}</p>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={update.isPending}>
            {t('common.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
