import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../app/api';
import { useSignIn } from '../app/session';
import { FieldError } from '../common/states';
import { setLanguage } from '../i18n/i18n';

export function SignInPage({ reason }: { reason?: 'sessionEnded' | 'signedOut' }) {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // before sign-in there is no clinic yet: the browser's language (Turkish or English)
  useEffect(() => setLanguage(navigator.language.toLowerCase().startsWith('tr') ? 'tr' : 'en'), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email, password });
  };
  const failure = signIn.error instanceof ApiFailure ? signIn.error : undefined;
  const fields = failure?.fieldErrors ?? {};
  const message = signIn.error
    ? failure && (failure.status === 401 || failure.status === 400)
      ? t('auth.failed')
      : signIn.error.message
    : undefined;

  return (
    <main className="sign-in" id="main">
      <form className="card sign-in-form" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <h1 id="sign-in-title">{t('app.title')}</h1>
        <h2>{t('auth.title')}</h2>
        {reason && !signIn.isPending && !signIn.error && (
          <p className={reason === 'sessionEnded' ? 'notice notice-warning' : 'notice'} role="status">
            {t(reason === 'sessionEnded' ? 'auth.sessionEnded' : 'auth.signedOut')}
          </p>
        )}
        {message && (
          <p className="notice notice-error" role="alert">
            {message}
          </p>
        )}
        <label htmlFor="sign-in-email">{t('auth.email')}</label>
        <input
          id="sign-in-email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={fields.email ? true : undefined}
          aria-describedby={fields.email ? 'sign-in-email-error' : undefined}
        />
        <FieldError id="sign-in-email-error" reasons={fields.email} />
        <label htmlFor="sign-in-password">{t('auth.password')}</label>
        <input
          id="sign-in-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={fields.password ? true : undefined}
          aria-describedby={fields.password ? 'sign-in-password-error' : undefined}
        />
        <FieldError id="sign-in-password-error" reasons={fields.password} />
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
    </main>
  );
}
