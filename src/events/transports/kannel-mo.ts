// An inbound SMS in the form Kannel's HTTP SMSC of system-type kannel takes on its receive port
// (smsc_http.c, kannel_receive_sms): a GET with username and password (in the configured URL),
// from, to, text, coding and charset. Text GSM 03.38 can carry goes as UTF-8 with coding 0, as
// Kannel sends such text itself; any other as UTF-16BE with coding 2.
import { gsm7Septets } from '../../domain/encoding/gsm7.js'

export function kannelMoUrl(mo: { url: string; from: string; to: string; text: string }): string {
  const gsm = [...mo.text].every((ch) => gsm7Septets(ch) > 0)
  const text = gsm ? Buffer.from(mo.text, 'utf8') : Buffer.from(mo.text, 'utf16le').swap16()
  const params = [
    ['from', Buffer.from(mo.from, 'utf8')],
    ['to', Buffer.from(mo.to, 'utf8')],
    ['text', text],
    ['coding', Buffer.from(gsm ? '0' : '2')],
    ['charset', Buffer.from(gsm ? 'UTF-8' : 'UTF-16BE')],
  ] as const
  const query = params.map(([k, v]) => `${k}=${escapeOctets(v)}`).join('&')
  return `${mo.url}${mo.url.includes('?') ? '&' : '?'}${query}`
}

/** Kannel's %E: every octet but letters and digits %-escaped. */
function escapeOctets(bytes: Buffer): string {
  let out = ''
  for (const b of bytes) {
    const c = String.fromCharCode(b)
    out += /[A-Za-z0-9]/.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}
