import type { AddressInput } from '../../domain/fraud/address-signal.js'
import { isFraudServiceCode, showsDetail } from '../../domain/fraud/fraud-check.js'
import type { FraudResult } from '../../domain/fraud/risk-model.js'
import { fromMicro } from '../../domain/pricing/money.js'
import type { FraudCheckRow } from '../../store/tables/fraud-check.table.js'
import type { FraudCheck } from './fraud-check.schemas.js'

/**
 * The fraud-check object (spec §13.2) of a row: every part as given, and once scored the score;
 * `pro` and `direct` add each part's results and the reasons, `economy` shows the score only.
 */
export function fraudCheckFromRow(row: FraudCheckRow): FraudCheck {
  const serviceCode = isFraudServiceCode(row.service_code) ? row.service_code : 'economy'
  const result = row.result === null ? null : (JSON.parse(row.result) as FraudResult)
  const detail = result !== null && showsDetail(serviceCode) ? result : null
  const address = row.address === null ? null : (JSON.parse(row.address) as AddressInput)
  return {
    id: row.uuid,
    status_code: Number(row.status_code),
    risk_score: row.risk_score === null ? null : Number(row.risk_score),
    service_code: serviceCode,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    callback_data: row.callback_data,
    request_phone: row.phone === null ? null : (detail?.request_phone ?? { phone: row.phone }),
    request_email: row.email === null ? null : (detail?.request_email ?? { email: row.email }),
    request_ip: row.ip === null ? null : (detail?.request_ip ?? { ip: row.ip }),
    request_address:
      address === null
        ? null
        : (detail?.request_address ?? {
            // As given; a check that could not be scored still shows what it was asked.
            country_code: String(address.country_code ?? '').toUpperCase(),
            city: address.city ?? null,
            postal_code: address.postal_code ?? null,
            street: address.street ?? null,
            house_number: address.house_number ?? null,
          }),
    ...(detail === null ? {} : { reasons: detail.reasons }),
    price: fromMicro(Number(row.price_micro)),
  }
}
