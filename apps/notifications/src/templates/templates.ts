import { ScheduledReport } from '@dental/contracts';
import { DateTime } from 'luxon';

export type Locale = 'en' | 'tr';
export interface Rendered {
  subject: string;
  text: string;
}

const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', tr: 'tr-TR' };

export function localeOf(value: string): Locale {
  return value === 'tr' ? 'tr' : 'en';
}

/**
 * A decimal money string ("1250.00") in the clinic's language and currency ("₺1.250,00"). Intl formats a decimal
 * string exactly (ECMA-402 NumberFormat v3), so the amount never goes through a float.
 */
export function formatMoney(decimal: string, currency: string, locale: Locale): string {
  if (!/^-?\d+(\.\d+)?$/.test(decimal)) throw new Error(`not a decimal amount: ${decimal}`);
  const formatter = new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency });
  // The ES2022 typings predate string input; the runtime (Node 20) takes the exact decimal string.
  return (formatter.format as unknown as (value: string) => string)(decimal);
}

/** YYYY-MM-DD as the clinic writes a date ("1 December 2026", "1 Aralık 2026"). */
export function formatDate(date: string, locale: Locale): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).setLocale(INTL_LOCALE[locale]).toLocaleString(DateTime.DATE_FULL);
}

export interface AlertFacts {
  clinicName: string;
  patientName: string;
  date: string;
  amount: string | null;
  currency: string;
  note: string | null;
}

export interface InstallmentFacts {
  clinicName: string;
  /** patient (contract) or "work order 000012 — Zirconia crown" */
  about: string;
  date: string;
  numbers: number[];
  remaining: string;
  currency: string;
}

export interface ReportFacts {
  clinicName: string;
  report: ScheduledReport;
  from: string;
  to: string;
}

const REPORT_NAMES: Record<Locale, Record<ScheduledReport, string>> = {
  en: { 'account-book-daily': 'Account Book (daily)', 'finance-weekly': 'Finance report (weekly)' },
  tr: { 'account-book-daily': 'Kasa Defteri (günlük)', 'finance-weekly': 'Finans Raporu (haftalık)' },
};

function period(from: string, to: string, locale: Locale): string {
  return from === to ? formatDate(from, locale) : `${formatDate(from, locale)} – ${formatDate(to, locale)}`;
}

/** Every text the service sends, in English and Turkish. */
export const templates = {
  alertToClinic(locale: Locale, f: AlertFacts): Rendered {
    const date = formatDate(f.date, locale);
    const amount = f.amount ? formatMoney(f.amount, f.currency, locale) : null;
    if (locale === 'tr') {
      return {
        subject: `Ödeme hatırlatması: ${f.patientName} — ${date}`,
        text: [
          `Sayın ${f.clinicName} ekibi,`,
          '',
          amount
            ? `${f.patientName} adlı hastadan ${date} tarihinde ${amount} tutarında ödeme bekleniyor.`
            : `${f.patientName} adlı hastadan ${date} tarihinde ödeme bekleniyor.`,
          ...(f.note ? [`Not: ${f.note}`] : []),
        ].join('\n'),
      };
    }
    return {
      subject: `Payment reminder: ${f.patientName} — ${date}`,
      text: [
        `Dear ${f.clinicName} team,`,
        '',
        amount
          ? `A payment of ${amount} is expected from ${f.patientName} on ${date}.`
          : `A payment is expected from ${f.patientName} on ${date}.`,
        ...(f.note ? [`Note: ${f.note}`] : []),
      ].join('\n'),
    };
  },

  alertToPatient(locale: Locale, f: AlertFacts): Rendered {
    const date = formatDate(f.date, locale);
    const amount = f.amount ? formatMoney(f.amount, f.currency, locale) : null;
    if (locale === 'tr') {
      return {
        subject: `${f.clinicName}: ödeme hatırlatması`,
        text: [
          `Sayın ${f.patientName},`,
          '',
          amount
            ? `${date} tarihinde ödenmesi gereken ${amount} tutarındaki ödemenizi hatırlatırız.`
            : `${date} tarihinde ödenmesi gereken ödemenizi hatırlatırız.`,
          '',
          `Saygılarımızla, ${f.clinicName}`,
        ].join('\n'),
      };
    }
    return {
      subject: `${f.clinicName}: payment reminder`,
      text: [
        `Dear ${f.patientName},`,
        '',
        amount
          ? `This is a reminder that a payment of ${amount} is due on ${date}.`
          : `This is a reminder that a payment is due on ${date}.`,
        '',
        `Kind regards, ${f.clinicName}`,
      ].join('\n'),
    };
  },

  contractInstallmentToClinic(locale: Locale, f: InstallmentFacts): Rendered {
    const date = formatDate(f.date, locale);
    const amount = formatMoney(f.remaining, f.currency, locale);
    const numbers = f.numbers.join(', ');
    if (locale === 'tr') {
      return {
        subject: `Sözleşme taksiti: ${f.about} — ${date}`,
        text: `Sayın ${f.clinicName} ekibi,\n\n${f.about} adlı hastanın ödeme sözleşmesinin ${numbers}. taksitinin vadesi ${date}: alınacak tutar ${amount}.`,
      };
    }
    return {
      subject: `Contract installment due: ${f.about} — ${date}`,
      text: `Dear ${f.clinicName} team,\n\nInstallment ${numbers} of ${f.about}'s payment contract falls due on ${date}: ${amount} still to be received.`,
    };
  },

  contractInstallmentToPatient(locale: Locale, f: InstallmentFacts): Rendered {
    const date = formatDate(f.date, locale);
    const amount = formatMoney(f.remaining, f.currency, locale);
    if (locale === 'tr') {
      return {
        subject: `${f.clinicName}: taksit hatırlatması`,
        text: `Sayın ${f.about},\n\nÖdeme sözleşmenizin ${date} vadeli taksitinden ${amount} tutarı ödenmeyi bekliyor.\n\nSaygılarımızla, ${f.clinicName}`,
      };
    }
    return {
      subject: `${f.clinicName}: installment reminder`,
      text: `Dear ${f.about},\n\nThe installment of your payment contract due on ${date} has ${amount} still to be paid.\n\nKind regards, ${f.clinicName}`,
    };
  },

  workOrderInstallmentToClinic(locale: Locale, f: InstallmentFacts): Rendered {
    const date = formatDate(f.date, locale);
    const amount = formatMoney(f.remaining, f.currency, locale);
    const numbers = f.numbers.join(', ');
    if (locale === 'tr') {
      return {
        subject: `Laboratuvar ödemesi: ${f.about} — ${date}`,
        text: `Sayın ${f.clinicName} ekibi,\n\n${f.about} için ${numbers}. taksitin vadesi ${date}: laboratuvara ödenecek tutar ${amount}.`,
      };
    }
    return {
      subject: `Lab payment due: ${f.about} — ${date}`,
      text: `Dear ${f.clinicName} team,\n\nInstallment ${numbers} of ${f.about} falls due on ${date}: ${amount} still to be paid to the lab.`,
    };
  },

  scheduledReport(locale: Locale, f: ReportFacts): Rendered {
    const name = REPORT_NAMES[locale][f.report];
    const when = period(f.from, f.to, locale);
    if (locale === 'tr') {
      return {
        subject: `${f.clinicName} — ${name}: ${when}`,
        text: `Ekte ${f.clinicName} için ${when} dönemine ait ${name} bulunuyor.`,
      };
    }
    return {
      subject: `${f.clinicName} — ${name}: ${when}`,
      text: `Attached: the ${name} of ${f.clinicName} for ${when}.`,
    };
  },
};
