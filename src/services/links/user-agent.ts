import Bowser from 'bowser'
import { isbot } from 'isbot'

/** What a click's user agent tells; '' where it tells nothing. */
export type ParsedAgent = {
  browser: string
  os: string
  os_version: string
  /** `browser`, `bot` (bots and link-preview fetchers) or '' (another program, or none said). */
  software_type: string
  /** `mobile`, `tablet`, `desktop`, `tv`, `bot` or ''. */
  hardware_type: string
  bot: boolean
}

// isbot's pattern list covers crawlers and the link-preview fetchers of chat apps (WhatsApp,
// Slackbot, facebookexternalhit, which iMessage sends too, Twitterbot, TelegramBot, Discordbot)
// and generic bot/crawler/spider names. The few it leaves out are added here.
const MORE_BOTS = /bot\b|crawler|spider|preview|fetcher|^$/i

export function parseUserAgent(ua: string): ParsedAgent {
  const bot = isbot(ua) || MORE_BOTS.test(ua)
  if (ua.trim() === '') {
    return { browser: '', os: '', os_version: '', software_type: 'bot', hardware_type: '', bot }
  }
  const p = Bowser.parse(ua)
  const browser = p.browser.name ?? ''
  const platform = p.platform.type ?? ''
  return {
    browser,
    os: p.os.name ?? '',
    os_version: p.os.versionName ?? p.os.version ?? '',
    software_type: bot ? 'bot' : browser !== '' ? 'browser' : '',
    hardware_type: bot && platform === '' ? 'bot' : platform,
    bot,
  }
}
