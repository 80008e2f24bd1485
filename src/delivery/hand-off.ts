import type { SmsHandOff } from '../services/sms/hand-off.js'
import type { ClaimedSms } from '../store/queue/claim.js'
import type { SharedRoom } from '../store/queue/shared-room.js'

/**
 * Hands the messages accepted in this process to its dispatcher (see SmsHandOff), which may run
 * in another thread: places come from the dispatcher's shared room, and the messages of one
 * turn of the event loop go over together (about 40 at full load), once their commits are done.
 *
 * The claim it replaces wrote every message a second time and read it back: 16 µs of SQLite per
 * message in the delivery thread on SQLite; going over costs about 3. A crash loses none: the
 * messages are stored leased, and return to the queue as claimed ones do.
 */
export class DispatcherHandOff implements SmsHandOff {
  private waiting: ClaimedSms[] = []

  constructor(
    private readonly room: SharedRoom,
    readonly owner: string,
    readonly leaseMs: number,
    private readonly post: (messages: ClaimedSms[]) => void,
  ) {}

  take(): boolean {
    return this.room.take(1) === 1
  }

  giveBack(): void {
    this.room.give(1)
  }

  deliver(message: ClaimedSms): void {
    if (this.waiting.push(message) > 1) return
    setImmediate(() => {
      const messages = this.waiting
      this.waiting = []
      this.post(messages)
    })
  }
}
