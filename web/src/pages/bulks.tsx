import { useEffect, useState } from 'preact/hooks'
import { compileTemplate, personalise } from '../../../src/domain/placeholders.js'
import { analyzeText } from '../../../src/domain/encoding/segments.js'
import { api, ApiError, type Collection, type Violation } from '../api.js'
import type { PageProps } from '../app.js'
import { bulkStatusLabel, type BulkShort } from '../bulk-status.js'
import { errorText } from '../errors.js'
import { Field } from '../field.js'
import { count, dateTime, money } from '../format.js'
import { useI18n } from '../i18n.js'

type Phone = {
  phone: string
  a: string | null
  b: string | null
  c: string | null
  d: string | null
  e: string | null
}
type Preview = {
  groupId: number
  recipients: number
  cost: number
  samples: { phone: string; text: string; parts: number }[]
}

/** The data columns a CSV header names beside phone and callback_data (at most five). */
function dataColumns(csv: string): string[] {
  const header = csv.split(/\r?\n/, 1)[0] ?? ''
  const sep = header.includes(';') && !header.includes(',') ? ';' : ','
  return header
    .split(sep)
    .map((h) => h.trim().replace(/^"|"$/g, ''))
    .filter((h) => h !== '' && !['phone', 'callback_data', 'id'].includes(h.toLowerCase()))
    .slice(0, 5)
}

/**
 * A bulk from a CSV file, through the public API: the file becomes a group (POST /groups, then
 * its CSV import), POST /bulks/dryrun prices it, the first rows are personalised here with the
 * gateway's own placeholder and counting code, and POST /bulks sends it.
 */
export function BulksPage({ onError }: PageProps) {
  const { t, lang } = useI18n()
  const [bulks, setBulks] = useState<BulkShort[] | null>(null)
  const [sender, setSender] = useState('')
  const [text, setText] = useState('')
  const [sendAt, setSendAt] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [currency, setCurrency] = useState('EUR')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [violations, setViolations] = useState<Violation[]>([])

  const fail = (e: unknown) => {
    if (onError(e)) return
    setViolations(e instanceof ApiError ? e.violations : [])
    setError(errorText(t, e))
  }
  useEffect(() => {
    api<Collection<BulkShort>>('GET', '/bulks')
      .then((c) => setBulks(c['hydra:member']))
      .catch(fail)
    api<{ currency: string }>('GET', '/me')
      .then((m) => setCurrency(m.currency))
      .catch(fail)
  }, [])

  async function makePreview(e: Event) {
    e.preventDefault()
    setError(null)
    setViolations([])
    setPreview(null)
    if (file === null) return setError(t('chooseFile'))
    setBusy(true)
    try {
      const csv = await file.text()
      const columns = dataColumns(csv)
      const names = ['a', 'b', 'c', 'd', 'e'].map((_, i) => columns[i] ?? null)
      const group = await api<{ id: number }>('POST', '/groups', {
        name: `${file.name} ${new Date().toISOString().slice(0, 16)}`.slice(0, 100),
        ...Object.fromEntries(names.map((n, i) => [`name_${'abcde'[i]}`, n])),
      })
      const form = new FormData()
      form.append('file', file)
      await api('POST', `/groups/${group.id}/phones/csv`, form)
      const body = { sender_id: sender.trim(), text, msg_groups: [group.id] }
      const dry = await api<BulkShort>('POST', '/bulks/dryrun', body)
      const phones = await api<Collection<Phone>>('GET', `/groups/${group.id}/phones`)
      const template = compileTemplate(text, names)
      const samples = phones['hydra:member'].slice(0, 3).map((p) => {
        const filled = personalise(template, p)
        const analysis = analyzeText(filled, null)
        return { phone: p.phone, text: filled, parts: analysis.ok ? analysis.value.partsCount : 0 }
      })
      setPreview({
        groupId: group.id,
        recipients: dry.msg_total_count,
        cost: dry.msg_total_cost,
        samples,
      })
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }

  async function send() {
    if (preview === null) return
    setBusy(true)
    setError(null)
    try {
      // datetime-local is the browser's local time; the API takes unix seconds.
      const at = sendAt === '' ? NaN : new Date(sendAt).getTime()
      const bulk = await api<BulkShort>('POST', '/bulks', {
        sender_id: sender.trim(),
        text,
        msg_groups: [preview.groupId],
        ...(Number.isNaN(at) ? {} : { delivery_at: Math.floor(at / 1000) }),
      })
      location.hash = `#/bulks/${bulk.uuid}`
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }

  const violation = (f: string) => violations.find((v) => v.propertyPath === f)?.message

  return (
    <section aria-labelledby="bulks-title">
      <h1 id="bulks-title">{t('bulksTitle')}</h1>
      <form class="card" onSubmit={makePreview} noValidate aria-labelledby="new-bulk-title">
        <h2 id="new-bulk-title">{t('newBulk')}</h2>
        <Field
          label={t('senderId')}
          hint={t('senderHint')}
          name="bulk_sender"
          maxLength={15}
          value={sender}
          onValue={(v) => (setSender(v), setPreview(null))}
          error={violation('sender_id')}
        />
        <Field
          label={t('text')}
          name="bulk_text"
          rows={4}
          value={text}
          onValue={(v) => (setText(v), setPreview(null))}
          error={violation('text')}
        />
        <Field
          label={t('sendAt')}
          hint={t('sendAtHint')}
          name="bulk_send_at"
          type="datetime-local"
          value={sendAt}
          onValue={setSendAt}
          error={violation('delivery_at')}
        />
        <div class="field">
          <label for="field-bulk-file">{t('csvFile')}</label>
          <input
            id="field-bulk-file"
            type="file"
            name="file"
            accept=".csv,text/csv"
            aria-describedby="field-bulk-file-hint"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null)
              setPreview(null)
            }}
          />
          <small id="field-bulk-file-hint" class="hint">
            {t('csvHint')}
          </small>
        </div>
        <button type="submit" disabled={busy}>
          {busy && !preview ? t('previewing') : t('preview')}
        </button>
      </form>
      <div role="alert" class="error-box">
        {error}
      </div>
      {preview && (
        <div class="card created" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('preview')}</h2>
          <dl class="stats">
            <dt>{t('recipients')}</dt>
            <dd data-testid="bulk-recipients">{count(lang, preview.recipients)}</dd>
            <dt>{t('totalCost')}</dt>
            <dd data-testid="bulk-cost">{money(lang, preview.cost, currency)}</dd>
          </dl>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('preview')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('phone')}</th>
                  <th scope="col">{t('text')}</th>
                  <th scope="col">{t('parts')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.samples.map((s) => (
                  <tr key={s.phone}>
                    <td>{s.phone}</td>
                    <td>{s.text}</td>
                    <td>{s.parts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <button type="button" onClick={send} disabled={busy}>
              {t('sendBulk')}
            </button>
          </p>
        </div>
      )}
      {!bulks && <p role="status">{t('loading')}</p>}
      {bulks && bulks.length === 0 && <p>{t('noBulks')}</p>}
      {bulks && bulks.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('bulksTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('created')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('recipients')}</th>
                <th scope="col">{t('totalCost')}</th>
              </tr>
            </thead>
            <tbody>
              {bulks.map((b) => (
                <tr key={b.uuid}>
                  <td>
                    <a href={`#/bulks/${b.uuid}`}>{dateTime(lang, b.created_at)}</a>
                  </td>
                  <td>{t(bulkStatusLabel(b.status_code))}</td>
                  <td>{count(lang, b.msg_total_count)}</td>
                  <td>{money(lang, b.msg_total_cost, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
