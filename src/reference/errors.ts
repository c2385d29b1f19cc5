/**
 * Invalid input is reported with PyTorch's own wording, so that a port's error handling can be
 * compared with PyTorch's by message. `kind` names the Python exception class PyTorch raises.
 */
export type PyTorchErrorKind = 'RuntimeError' | 'ValueError' | 'TypeError' | 'IndexError';

export class PoolcheckError extends Error {
  readonly kind: PyTorchErrorKind;

  constructor(message: string, kind: PyTorchErrorKind = 'RuntimeError') {
    super(message);
    this.name = 'PoolcheckError';
    this.kind = kind;
  }
}

/** TORCH_CHECK: throw PyTorch's RuntimeError message when the condition fails. */
export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new PoolcheckError(message());
}

/** How PyTorch prints an IntArrayRef / torch.Size in messages: `[2, 0, 4, 4]`. */
export function formatSizes(sizes: readonly number[]): string {
  return `[${sizes.join(', ')}]`;
}
