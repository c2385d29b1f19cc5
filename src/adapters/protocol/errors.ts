/**
 * The two ways a call over the protocol can fail, kept apart on purpose: a ProtocolError means
 * the child misbehaved (it crashed, hung, or broke the protocol), so the case says nothing about
 * pooling; a ReportedError is the implementation rejecting the input, which is an answer.
 */

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  /** The last lines the child wrote to stderr before the fault ('' when it wrote none). */
  readonly stderrTail: string;

  constructor(message: string, stderrTail = '') {
    super(stderrTail ? `${message}\n  child stderr (last lines):\n${indent(stderrTail)}` : message);
    this.stderrTail = stderrTail;
  }
}

/** The implementation's own error, sent as data: the message is exactly what the child sent. */
export class ReportedError extends Error {
  override name = 'ReportedError';
  /** The child's error class when it said, e.g. PyTorch's 'RuntimeError' or 'ValueError'. */
  readonly type: string | undefined;

  constructor(message: string, type?: string) {
    super(message);
    this.type = type;
  }
}

export function isProtocolError(error: unknown): error is ProtocolError {
  return error instanceof ProtocolError;
}

function indent(text: string): string {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}
