import { useI18n } from './i18n.js'

export type Series = { label: string; className: string; values: number[] }

/**
 * Grouped bars as inline SVG (no script, no style attribute: the CSP allows neither), with the
 * same numbers in a table for screen readers and keyboard users.
 */
export function BarChart(props: { title: string; labels: string[]; series: Series[] }) {
  const { t } = useI18n()
  const max = Math.max(1, ...props.series.flatMap((s) => s.values))
  const groupWidth = 100 / props.labels.length
  const barWidth = (groupWidth * 0.8) / props.series.length
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        {props.labels.map((_, i) =>
          props.series.map((s, j) => {
            const h = (s.values[i]! / max) * 38
            return (
              <rect
                key={`${i}-${j}`}
                class={s.className}
                x={i * groupWidth + groupWidth * 0.1 + j * barWidth}
                y={40 - h}
                width={barWidth}
                height={h}
              />
            )
          }),
        )}
      </svg>
      <ul class="legend">
        {props.series.map((s) => (
          <li key={s.label}>
            <span class={`swatch ${s.className}`} aria-hidden="true" /> {s.label}
          </li>
        ))}
      </ul>
      <table class="visually-hidden">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('day')}</th>
            {props.series.map((s) => (
              <th scope="col" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.labels.map((l, i) => (
            <tr key={l}>
              <th scope="row">{l}</th>
              {props.series.map((s) => (
                <td key={s.label}>{s.values[i]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
