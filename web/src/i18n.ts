import { createContext } from 'preact'
import { useContext } from 'preact/hooks'

// The dashboard's texts in English and German; the German table must have every English key.
const en = {
  appName: 'Taube',
  skipToContent: 'Skip to content',
  language: 'Language',
  loginTitle: 'Log in',
  loginIntro: 'Log in with your user id and an API key of type v2.',
  userId: 'User id',
  apiKey: 'API key',
  logIn: 'Log in',
  logOut: 'Log out',
  loggingIn: 'Logging in…',
  wrongCredentials: 'User id or API key is wrong.',
  tooManyAttempts: 'Too many failed attempts. Try again in a few minutes.',
  keyInactive: 'This API key is disabled.',
  sessionEnded: 'Your session has ended. Please log in again.',
  networkError: 'The gateway cannot be reached.',
  navOverview: 'Overview',
  navSend: 'Send SMS',
  navMessages: 'Messages',
  navKeys: 'API keys',
  mainNav: 'Main',
  loading: 'Loading…',
  balance: 'Balance',
  creditLimit: 'Credit limit',
  billingMode: 'Billing',
  prepaid: 'prepaid',
  postpaid: 'postpaid',
  usage: 'Usage',
  smsTotal: 'SMS in total',
  smsLast7Days: 'SMS in the last 7 days',
  smsDelivered: 'Delivered',
  smsFailed: 'Not delivered',
  phone: 'Recipient',
  phoneHint: 'E.164, e.g. +4915123456789',
  senderId: 'Sender',
  senderHint: 'Up to 11 letters and digits, or a number of up to 15 digits',
  text: 'Text',
  send: 'Send',
  sending: 'Sending…',
  encoding: 'Encoding',
  characters: 'Characters',
  parts: 'Parts',
  price: 'Price',
  priceUnknown: '–',
  sent: 'The SMS was accepted.',
  showMessage: 'Show it',
  textEmpty: 'Enter a text.',
  textTooLong: 'The text is too long: {count} of at most {max} characters.',
  filters: 'Filters',
  apply: 'Apply',
  reset: 'Reset',
  textContains: 'Text contains',
  status: 'Status',
  any: 'any',
  createdFrom: 'Created from',
  createdTo: 'Created until',
  created: 'Created',
  dlr: 'Delivery',
  noMessages: 'No messages match.',
  previous: 'Previous page',
  next: 'Next page',
  pageOf: 'Page {page} of {pages} ({total} messages)',
  back: 'Back to the list',
  messageTitle: 'Message {id}',
  delivered: 'delivered',
  pending: 'pending',
  expired: 'expired',
  rejected: 'rejected',
  queued: 'queued',
  submitted: 'submitted',
  notSent: 'not sent',
  field: 'Field',
  value: 'Value',
  keysTitle: 'API keys',
  createKey: 'Create key',
  name: 'Name',
  type: 'Type',
  ipAllowlist: 'Allowed IP addresses',
  ipAllowlistHint: 'Optional: addresses or CIDR ranges, separated by commas',
  tokenOnce: 'The token of key {name}. It is shown only now: copy it.',
  active: 'Active',
  disabled: 'Disabled',
  disable: 'Disable',
  enable: 'Enable',
  delete: 'Delete',
  confirmDelete: 'Delete key {name}? Clients using it stop working.',
  lastUsed: 'Last used',
  never: 'never',
  actions: 'Actions',
  yes: 'yes',
  no: 'no',
  invalidField: '{field}: {message}',
}

export type MessageKey = keyof typeof en

const de: Record<MessageKey, string> = {
  appName: 'Taube',
  skipToContent: 'Zum Inhalt springen',
  language: 'Sprache',
  loginTitle: 'Anmelden',
  loginIntro: 'Melden Sie sich mit Ihrer Benutzer-ID und einem API-Schlüssel vom Typ v2 an.',
  userId: 'Benutzer-ID',
  apiKey: 'API-Schlüssel',
  logIn: 'Anmelden',
  logOut: 'Abmelden',
  loggingIn: 'Anmeldung läuft…',
  wrongCredentials: 'Benutzer-ID oder API-Schlüssel ist falsch.',
  tooManyAttempts: 'Zu viele Fehlversuche. Bitte in einigen Minuten erneut versuchen.',
  keyInactive: 'Dieser API-Schlüssel ist deaktiviert.',
  sessionEnded: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
  networkError: 'Das Gateway ist nicht erreichbar.',
  navOverview: 'Übersicht',
  navSend: 'SMS senden',
  navMessages: 'Nachrichten',
  navKeys: 'API-Schlüssel',
  mainNav: 'Hauptmenü',
  loading: 'Wird geladen…',
  balance: 'Guthaben',
  creditLimit: 'Kreditlimit',
  billingMode: 'Abrechnung',
  prepaid: 'Prepaid',
  postpaid: 'Postpaid',
  usage: 'Nutzung',
  smsTotal: 'SMS insgesamt',
  smsLast7Days: 'SMS der letzten 7 Tage',
  smsDelivered: 'Zugestellt',
  smsFailed: 'Nicht zugestellt',
  phone: 'Empfänger',
  phoneHint: 'E.164, z. B. +4915123456789',
  senderId: 'Absender',
  senderHint: 'Bis zu 11 Buchstaben und Ziffern, oder eine Nummer mit bis zu 15 Ziffern',
  text: 'Text',
  send: 'Senden',
  sending: 'Wird gesendet…',
  encoding: 'Kodierung',
  characters: 'Zeichen',
  parts: 'Teile',
  price: 'Preis',
  priceUnknown: '–',
  sent: 'Die SMS wurde angenommen.',
  showMessage: 'Anzeigen',
  textEmpty: 'Bitte einen Text eingeben.',
  textTooLong: 'Der Text ist zu lang: {count} von höchstens {max} Zeichen.',
  filters: 'Filter',
  apply: 'Anwenden',
  reset: 'Zurücksetzen',
  textContains: 'Text enthält',
  status: 'Status',
  any: 'alle',
  createdFrom: 'Erstellt ab',
  createdTo: 'Erstellt bis',
  created: 'Erstellt',
  dlr: 'Zustellung',
  noMessages: 'Keine passenden Nachrichten.',
  previous: 'Vorherige Seite',
  next: 'Nächste Seite',
  pageOf: 'Seite {page} von {pages} ({total} Nachrichten)',
  back: 'Zurück zur Liste',
  messageTitle: 'Nachricht {id}',
  delivered: 'zugestellt',
  pending: 'ausstehend',
  expired: 'abgelaufen',
  rejected: 'abgelehnt',
  queued: 'in der Warteschlange',
  submitted: 'übergeben',
  notSent: 'nicht gesendet',
  field: 'Feld',
  value: 'Wert',
  keysTitle: 'API-Schlüssel',
  createKey: 'Schlüssel erstellen',
  name: 'Name',
  type: 'Typ',
  ipAllowlist: 'Erlaubte IP-Adressen',
  ipAllowlistHint: 'Optional: Adressen oder CIDR-Bereiche, durch Kommas getrennt',
  tokenOnce: 'Der Token des Schlüssels {name}. Er wird nur jetzt angezeigt: bitte kopieren.',
  active: 'Aktiv',
  disabled: 'Deaktiviert',
  disable: 'Deaktivieren',
  enable: 'Aktivieren',
  delete: 'Löschen',
  confirmDelete: 'Schlüssel {name} löschen? Clients, die ihn verwenden, funktionieren nicht mehr.',
  lastUsed: 'Zuletzt benutzt',
  never: 'nie',
  actions: 'Aktionen',
  yes: 'ja',
  no: 'nein',
  invalidField: '{field}: {message}',
}

export const LANGUAGES = { en, de } as const
export type Language = keyof typeof LANGUAGES

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

export function translator(lang: Language): Translate {
  const table = LANGUAGES[lang]
  return (key, params = {}) =>
    table[key].replace(/\{(\w+)\}/g, (m, name: string) =>
      params[name] === undefined ? m : String(params[name]),
    )
}

const STORAGE_KEY = 'taube.lang'

/** The language chosen before, else the browser's first one we have, else English. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY)
  if (saved === 'en' || saved === 'de') return saved
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.slice(0, 2).toLowerCase()
    if (base === 'de' || base === 'en') return base
  }
  return 'en'
}

export function saveLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang)
  document.documentElement.lang = lang
}

export const I18n = createContext<{ t: Translate; lang: Language }>({
  t: translator('en'),
  lang: 'en',
})

export const useI18n = () => useContext(I18n)
