import type { FormAction, FormLanguage } from './form-policy.js'

/** The SMS that carries a form's code, in the language the form was shown in. */
export function codeSmsText(o: {
  code: string
  action: FormAction
  campaignName: string
  lang: FormLanguage
}): string {
  const name = `"${o.campaignName}"`
  if (o.lang === 'de') {
    const what =
      o.action === 'subscribe' ? `die Anmeldung bei ${name}` : `die Abmeldung von ${name}`
    return `${o.code} ist Ihr Code für ${what}. Er gilt 10 Minuten. Nicht angefordert? Ignorieren Sie diese SMS.`
  }
  const what = o.action === 'subscribe' ? `subscribe to ${name}` : `unsubscribe from ${name}`
  return `${o.code} is your code to ${what}. It expires in 10 minutes. Not asked for it? Ignore this SMS.`
}
