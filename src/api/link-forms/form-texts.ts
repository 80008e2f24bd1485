// Every word of the subscribe and unsubscribe forms, in English and German: one table, so a
// missing translation does not compile.
import type { FormUnsubscribeReason } from '../../domain/links/form-reasons.js'
import type { FormAction, FormLanguage } from '../../services/link-forms/form-policy.js'

export type FormTexts = {
  title: Record<FormAction, (name: string) => string>
  intro: Record<FormAction, string>
  phoneLabel: string
  phoneHint: string
  reasonLabel: string
  reasons: Record<FormUnsubscribeReason, string>
  sendCode: string
  codeTitle: string
  codeSent: (phone: string) => string
  codeLabel: string
  codeHint: string
  confirm: Record<FormAction, string>
  doneTitle: Record<FormAction, string>
  done: Record<FormAction, (name: string, phone: string) => string>
  badPhone: string
  notSent: string
  wrongCode: (triesLeft: number) => string
  locked: string
  expired: string
  rateLimited: (minutes: number) => string
  refused: string
  unavailableTitle: string
  unavailable: string
  startAgain: string
  errorPrefix: string
}

export const FORM_TEXTS: Record<FormLanguage, FormTexts> = {
  en: {
    title: {
      subscribe: (name) => `Subscribe to ${name}`,
      unsubscribe: (name) => `Unsubscribe from ${name}`,
    },
    intro: {
      subscribe:
        'Enter your mobile number. We will send you a code by SMS to confirm that the number is yours.',
      unsubscribe:
        'Enter your mobile number. We will send you a code by SMS to confirm that the number is yours; then it receives no more messages from this list.',
    },
    phoneLabel: 'Mobile number',
    phoneHint: 'With country code, for example +49 170 1234567.',
    reasonLabel: 'Why are you leaving? (optional)',
    reasons: {
      not_given: 'I would rather not say',
      too_many: 'Too many messages',
      not_relevant: 'Not of interest to me',
      never_asked: 'I never signed up',
      other: 'Another reason',
    },
    sendCode: 'Send code',
    codeTitle: 'Enter your code',
    codeSent: (phone) => `We sent a code to ${phone}. It is valid for 10 minutes.`,
    codeLabel: 'Code from the SMS',
    codeHint: 'Six digits.',
    confirm: { subscribe: 'Subscribe', unsubscribe: 'Unsubscribe' },
    doneTitle: { subscribe: 'You are subscribed', unsubscribe: 'You are unsubscribed' },
    done: {
      subscribe: (name, phone) => `${phone} will receive the messages of ${name}.`,
      unsubscribe: (name, phone) => `${phone} will receive no more messages of ${name}.`,
    },
    badPhone:
      'This is not a mobile number we can send to. Enter it with its country code, for example +49 170 1234567.',
    notSent: 'We cannot send a code to this number. Check it, or try again later.',
    wrongCode: (n) => `The code is wrong. ${n} ${n === 1 ? 'try' : 'tries'} left.`,
    locked: 'The code was entered wrongly too often and is now locked. Ask for a new code.',
    expired: 'This code has expired. Ask for a new code.',
    rateLimited: (m) =>
      `Too many codes were asked for. Try again in ${m} ${m === 1 ? 'minute' : 'minutes'}.`,
    refused:
      'This form has expired or was not sent from this page. Open the link again and try once more.',
    unavailableTitle: 'Not available',
    unavailable: 'This form is not available.',
    startAgain: 'Start again',
    errorPrefix: 'Error:',
  },
  de: {
    title: {
      subscribe: (name) => `Anmelden bei ${name}`,
      unsubscribe: (name) => `Abmelden von ${name}`,
    },
    intro: {
      subscribe:
        'Geben Sie Ihre Handynummer ein. Wir senden Ihnen per SMS einen Code, mit dem Sie bestätigen, dass die Nummer Ihnen gehört.',
      unsubscribe:
        'Geben Sie Ihre Handynummer ein. Wir senden Ihnen per SMS einen Code, mit dem Sie bestätigen, dass die Nummer Ihnen gehört; danach erhält sie keine Nachrichten dieser Liste mehr.',
    },
    phoneLabel: 'Handynummer',
    phoneHint: 'Mit Ländervorwahl, zum Beispiel +49 170 1234567.',
    reasonLabel: 'Warum melden Sie sich ab? (freiwillig)',
    reasons: {
      not_given: 'Keine Angabe',
      too_many: 'Zu viele Nachrichten',
      not_relevant: 'Nicht interessant für mich',
      never_asked: 'Ich habe mich nie angemeldet',
      other: 'Anderer Grund',
    },
    sendCode: 'Code senden',
    codeTitle: 'Code eingeben',
    codeSent: (phone) => `Wir haben einen Code an ${phone} gesendet. Er gilt 10 Minuten.`,
    codeLabel: 'Code aus der SMS',
    codeHint: 'Sechs Ziffern.',
    confirm: { subscribe: 'Anmelden', unsubscribe: 'Abmelden' },
    doneTitle: { subscribe: 'Sie sind angemeldet', unsubscribe: 'Sie sind abgemeldet' },
    done: {
      subscribe: (name, phone) => `${phone} erhält die Nachrichten von ${name}.`,
      unsubscribe: (name, phone) => `${phone} erhält keine Nachrichten von ${name} mehr.`,
    },
    badPhone:
      'An diese Nummer können wir keine SMS senden. Geben Sie sie mit Ländervorwahl ein, zum Beispiel +49 170 1234567.',
    notSent:
      'An diese Nummer können wir keinen Code senden. Prüfen Sie sie oder versuchen Sie es später noch einmal.',
    wrongCode: (n) => `Der Code ist falsch. Noch ${n} ${n === 1 ? 'Versuch' : 'Versuche'}.`,
    locked:
      'Der Code wurde zu oft falsch eingegeben und ist gesperrt. Fordern Sie einen neuen Code an.',
    expired: 'Dieser Code ist abgelaufen. Fordern Sie einen neuen Code an.',
    rateLimited: (m) =>
      `Es wurden zu viele Codes angefordert. Versuchen Sie es in ${m} ${m === 1 ? 'Minute' : 'Minuten'} noch einmal.`,
    refused:
      'Dieses Formular ist abgelaufen oder wurde nicht von dieser Seite gesendet. Öffnen Sie den Link noch einmal und versuchen Sie es erneut.',
    unavailableTitle: 'Nicht verfügbar',
    unavailable: 'Dieses Formular ist nicht verfügbar.',
    startAgain: 'Neu beginnen',
    errorPrefix: 'Fehler:',
  },
}
