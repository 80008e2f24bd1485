import { Readable } from 'node:stream'
import multipart from '@fastify/multipart'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import { AppError, validationError } from '../../../errors/app-error.js'
import { exportGroupCsv } from '../../../services/groups/group-export.js'
import { importPhonesCsv } from '../../../services/groups/phone-import.js'
import { closeAfterAnswer } from '../../close-after-answer.js'
import { errorResponses } from '../responses.js'
import { IdParam } from './params.js'
import { PhoneImportResult } from './schemas.js'

/** Largest CSV file taken by one upload. */
export const CSV_UPLOAD_LIMIT = 50 * 1024 * 1024
/** What multipart framing may add to the file before the upload is refused unread. */
const MULTIPART_OVERHEAD = 64 * 1024

/** The CSV export (spec §11.5) and the CSV import of a group's phones (an addition). */
export async function csvRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Phones']

  app.get<{ Params: IdParam }>(
    '/groups/:id/file/csv',
    {
      schema: {
        tags,
        summary: "Export a group's phones as CSV",
        description:
          'Header `id,phone,<name_a|col_A>,…,<name_e|col_E>,callback_data`; RFC 4180 (comma, CRLF, quotes ' +
          'doubled), UTF-8. Streamed: any group size.',
        params: IdParam,
        response: {
          200: { description: 'The CSV file', content: { 'text/csv': { schema: Type.String() } } },
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (req, reply) => {
      const { filename, chunks } = await exportGroupCsv(
        ctx.deps,
        req.principal.account.id,
        Number(req.params.id),
      )
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${filename}"`)
        .send(Readable.from(chunks, { objectMode: false }))
    },
  )

  // Multipart only in this scope: the JSON endpoints keep refusing other media types.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: CSV_UPLOAD_LIMIT, files: 1, fields: 20, parts: 21 },
    })
    // Any other type reaches the handler, which says what this endpoint takes.
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null))

    scope.post<{ Params: IdParam }>(
      '/groups/:id/phones/csv',
      {
        // The body schema documents the upload; the handler reads the stream and checks it itself.
        attachValidation: true,
        schema: {
          tags,
          summary: 'Import phones into a group from a CSV file',
          description:
            '`multipart/form-data` with the file in the field `file` (at most 50 MiB, UTF-8). The header row names ' +
            "the columns: `phone` (required), `callback_data`, and the data columns by the group's names for " +
            'them, `col_A`…`col_E` or `a`…`e` (any case); `id` and unknown columns are ignored. Comma or semicolon, ' +
            'as the header row uses. Valid rows are stored, refused ones listed (the first 100) with their line; ' +
            'when no row can be stored the answer is a 422. The export of a group imports as it is.',
          consumes: ['multipart/form-data'],
          params: IdParam,
          body: Type.Object({
            file: Type.String({ format: 'binary', description: 'The CSV file' }),
          }),
          response: {
            201: PhoneImportResult,
            ...errorResponses(400, 401, 403, 404, 413, 422, 429),
          },
        },
      },
      async (req, reply) => {
        if (req.validationError?.validationContext === 'params') throw req.validationError
        const id = Number(req.params.id)
        if (Number(req.headers['content-length'] ?? 0) > CSV_UPLOAD_LIMIT + MULTIPART_OVERHEAD) {
          throw new AppError('PAYLOAD_TOO_LARGE')
        }
        if (!req.isMultipart()) {
          const got = req.headers['content-type'] ?? 'no Content-Type'
          throw new AppError('BAD_REQUEST', {
            detail: `send the CSV file as multipart/form-data in the field "file" (got ${got})`,
          })
        }
        let part: Awaited<ReturnType<typeof req.file>>
        try {
          part = await req.file()
        } catch (e) {
          throw new AppError('BAD_REQUEST', {
            detail: `the multipart body cannot be read: ${(e as Error).message}`,
          })
        }
        if (part === undefined || part.fieldname !== 'file') {
          throw validationError([
            {
              propertyPath: 'file',
              message: 'is required: send the CSV file in the multipart field "file"',
            },
          ])
        }
        const file = part.file
        let r: Awaited<ReturnType<typeof importPhonesCsv>>
        try {
          r = await importPhonesCsv(ctx.deps, req.principal.account, id, upload(file), {
            truncated: () => file.truncated,
            limitLabel: '50 MiB',
          })
        } finally {
          // The import stops reading at the first sign of the wrong file; the rest of the
          // upload is not parsed, and the answer closes the connection.
          closeAfterAnswer(req.raw, reply.raw)
        }
        return reply.status(201).send({
          '@context': '/contexts/PhoneImport',
          '@id': `/groups/${id}/phones/csv`,
          '@type': 'PhoneImport',
          'hydra:totalItems': r.stored,
          rejected: r.rejected,
          errors: r.errors,
          ignored_columns: r.ignoredColumns,
        })
      },
    )
  })
}

/** The file's bytes; a broken-off upload is the client's fault, not a server error. */
async function* upload(file: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of file) yield chunk
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('BAD_REQUEST', { detail: `the upload broke off: ${(e as Error).message}` })
  }
}
