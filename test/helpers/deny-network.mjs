// Preloaded (`node --import ./test/helpers/deny-network.mjs …`) into a tool the suite runs, so
// that the tool cannot reach the network: every TCP or TLS connect (which is what http, https,
// fetch and undici use underneath) and every name lookup to anything but the loopback fails, and
// leaves a line on stderr starting with DENIED_MARK that the test looks for.
import dns from 'node:dns'
import net from 'node:net'

export const DENIED_MARK = 'deny-network: blocked'

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true // net's default: localhost
  const h = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  return /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

function denied(what) {
  process.stderr.write(`${DENIED_MARK} ${what}\n`)
  const err = new Error(`Network access denied: ${what}`)
  err.code = 'ERR_NETWORK_DENIED'
  return err
}

/** Host and port of a Socket#connect call; null for a local (IPC) socket path. */
function target(args) {
  // net.connect() hands over its arguments already normalized, as [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  if (first !== null && typeof first === 'object') {
    if (first.path !== undefined) return null
    return { host: first.host, port: first.port }
  }
  const isPort = typeof first === 'number' || /^\d+$/.test(String(first))
  if (isPort) return { host: args[1], port: first }
  return null
}

const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  const to = target(args)
  if (to !== null && !isLoopback(to.host)) {
    const err = denied(`connect to ${String(to.host)}:${String(to.port)}`)
    // Fail the way a refused connection fails: asynchronously, through 'error'.
    process.nextTick(() => this.destroy(err))
    return this
  }
  return connect.apply(this, args)
}

const lookup = dns.lookup
dns.lookup = function (hostname, ...rest) {
  if (!isLoopback(hostname)) {
    const err = denied(`lookup of ${String(hostname)}`)
    const callback = rest.at(-1)
    if (typeof callback === 'function') process.nextTick(() => callback(err))
    return {}
  }
  return lookup.call(this, hostname, ...rest)
}

const lookupAsync = dns.promises.lookup
dns.promises.lookup = async function (hostname, ...rest) {
  if (!isLoopback(hostname)) throw denied(`lookup of ${String(hostname)}`)
  return lookupAsync.call(this, hostname, ...rest)
}
