// A JSON syntax check that reads bytes as they arrive, so a large body that is not JSON is
// refused at its first wrong byte instead of after the whole body (up to the route's limit) was
// read and buffered. It checks structure only: brackets, commas, colons, strings, literals and
// the characters of numbers; JSON.parse, which runs on the complete body, stays the judge of the
// rest (number forms, escapes, UTF-8).

const enum S {
  Value, // a value must follow (start, after ':' or after ',' in an array)
  ValueOrEndArray, // right after '['
  KeyOrEndObject, // right after '{'
  Key, // after ',' in an object
  Colon,
  AfterValue, // ',' or the closing bracket of the innermost container
  End, // the top-level value is complete: only whitespace may follow
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
// Digits, '-', '+', '.', 'e' and 'E': the bytes a number may hold, in whatever order.
const isNumberByte = (c: number) =>
  (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45
const LITERALS: Record<number, string> = { 0x74: 'true', 0x66: 'false', 0x6e: 'null' }

export class JsonSyntaxScanner {
  private state: S = S.Value
  /** Open containers: true for an object, false for an array. */
  private readonly stack: boolean[] = []
  private inString = false
  private stringIsKey = false
  private escaped = false
  private literal: string | null = null
  private literalAt = 0
  private inNumber = false
  /** Bytes seen so far: where the next push begins. */
  private offset = 0

  /** Reads the next bytes; returns null, or why the body cannot be JSON. */
  push(bytes: Uint8Array): string | null {
    const n = bytes.length
    const base = this.offset
    this.offset += n
    for (let i = 0; i < n; i++) {
      let c = bytes[i]!
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false
          continue
        }
        // Most of a body is string content: skip it in a tight loop.
        while (c !== 0x22 && c !== 0x5c && c >= 0x20 && ++i < n) c = bytes[i]!
        if (i === n) break
        if (c === 0x5c) this.escaped = true
        else if (c === 0x22) {
          this.inString = false
          this.state = this.stringIsKey ? S.Colon : this.afterValue()
        } else return this.fail('a control character inside a string', base + i)
        continue
      }
      if (this.literal !== null) {
        if (c !== this.literal.charCodeAt(this.literalAt))
          return this.fail('an unknown literal', base + i)
        if (++this.literalAt === this.literal.length) {
          this.literal = null
          this.state = this.afterValue()
        }
        continue
      }
      if (this.inNumber) {
        if (isNumberByte(c)) continue
        this.inNumber = false
        this.state = this.afterValue()
      }
      if (isSpace(c)) continue
      const problem = this.structural(c)
      if (problem !== null) return this.fail(problem, base + i)
    }
    return null
  }

  /** The input has ended: null when what was read can be a complete JSON text, or was blank. */
  end(): string | null {
    // Blank: the body parser reads that as no body.
    if (
      this.state === S.Value &&
      this.stack.length === 0 &&
      !this.inNumber &&
      this.literal === null
    ) {
      if (!this.inString) return null
    }
    if (this.inNumber) {
      this.inNumber = false
      this.state = this.afterValue()
    }
    if (this.state !== S.End || this.inString || this.literal !== null) {
      return this.fail('it ends too early', this.offset)
    }
    return null
  }

  private structural(c: number): string | null {
    switch (this.state) {
      case S.Value:
      case S.ValueOrEndArray:
        if (c === 0x5d && this.state === S.ValueOrEndArray) return this.close(false)
        return this.value(c)
      case S.KeyOrEndObject:
      case S.Key:
        if (c === 0x7d && this.state === S.KeyOrEndObject) return this.close(true)
        if (c !== 0x22) return 'a property name in double quotes was expected'
        this.inString = true
        this.stringIsKey = true
        return null
      case S.Colon:
        if (c !== 0x3a) return "':' was expected after a property name"
        this.state = S.Value
        return null
      case S.AfterValue: {
        const inObject = this.stack[this.stack.length - 1]!
        if (c === 0x2c) {
          this.state = inObject ? S.Key : S.Value
          return null
        }
        if (c === (inObject ? 0x7d : 0x5d)) return this.close(inObject)
        return `',' or '${inObject ? '}' : ']'}' was expected`
      }
      case S.End:
        return 'there is more after the JSON value'
    }
  }

  private value(c: number): string | null {
    if (c === 0x7b || c === 0x5b) {
      this.stack.push(c === 0x7b)
      this.state = c === 0x7b ? S.KeyOrEndObject : S.ValueOrEndArray
      return null
    }
    if (c === 0x22) {
      this.inString = true
      this.stringIsKey = false
      return null
    }
    if (isNumberByte(c)) {
      this.inNumber = true
      return null
    }
    const literal = LITERALS[c]
    if (literal === undefined) return 'a value was expected'
    this.literal = literal
    this.literalAt = 1
    return null
  }

  private close(object: boolean): string | null {
    if (this.stack.pop() !== object) return 'brackets do not match'
    this.state = this.afterValue()
    return null
  }

  private afterValue(): S {
    return this.stack.length === 0 ? S.End : S.AfterValue
  }

  private fail(problem: string, at: number): string {
    return `${problem} at byte ${at}`
  }
}
