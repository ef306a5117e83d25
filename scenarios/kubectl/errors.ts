// The error a timeline line gets when it is not a command k8sim understands. Message only: the
// scenario loader wraps it with file:line:column (see scenarios/errors.ts).

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    message: string,
    /** 0-based offset in the line of the word at fault, when there is one (for a precise column). */
    readonly offset?: number,
  ) {
    super(message);
  }
}
