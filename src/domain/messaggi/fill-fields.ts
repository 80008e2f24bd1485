// messaggisms.com personalisation: `{{name}}` in the body is replaced with the recipient's field
// `name`. A placeholder the recipient has no field for becomes empty, so no recipient ever gets
// the braces; names are matched exactly, spaces inside the braces ignored.

export type Fields = Readonly<Record<string, string | number | boolean | null>>

const PLACEHOLDER = /\{\{\s*([^{}\s][^{}]*?)\s*\}\}/g

export function fillFields(body: string, fields: Fields | null): string {
  return body.replace(PLACEHOLDER, (_whole, name: string) => {
    const v = fields?.[name]
    return v === undefined || v === null ? '' : String(v)
  })
}

/** Whether the body has placeholders at all (one text for every recipient otherwise). */
export function hasPlaceholders(body: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(body)
}
