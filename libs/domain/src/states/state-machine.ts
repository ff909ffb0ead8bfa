/**
 * One explicit transition table per aggregate (DESIGN.md "States"): which action moves which states
 * to which state. Services ask the table before they write, and an illegal move becomes a 409 with
 * the reason (the state it is in, and what it can still do).
 */
export type TransitionTable<S extends string, A extends string> = { readonly [action in A]: { readonly from: readonly S[]; readonly to: S } };

export class IllegalTransitionError<S extends string = string, A extends string = string> extends Error {
  override readonly name = 'IllegalTransitionError';

  constructor(
    readonly machine: string,
    readonly from: S,
    readonly action: A,
    /** The actions the aggregate can still take from `from` (empty in a final state). */
    readonly allowed: readonly A[],
  ) {
    super(`${machine}: "${action}" is not allowed from "${from}"${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (final state)'}`);
  }
}

export interface StateMachine<S extends string, A extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly table: TransitionTable<S, A>;
  /** True when `action` may be taken in `state`. */
  can(state: S, action: A): boolean;
  /** The state `action` leads to from `state`; throws IllegalTransitionError otherwise. */
  next(state: S, action: A): S;
  /** Every action allowed in `state`. */
  actionsFrom(state: S): A[];
  /** States no action leaves. */
  isFinal(state: S): boolean;
  /** The states an action may start from, for a guarded SQL `UPDATE … WHERE status IN (…)`. */
  sourcesOf(action: A): readonly S[];
}

export function defineStateMachine<S extends string, A extends string>(name: string, states: readonly S[], table: TransitionTable<S, A>): StateMachine<S, A> {
  const actions = Object.keys(table) as A[];
  for (const action of actions) {
    const { from, to } = table[action];
    for (const state of [...from, to]) {
      if (!states.includes(state)) throw new Error(`${name}: action "${action}" names unknown state "${state}"`);
    }
  }
  const actionsFrom = (state: S): A[] => actions.filter((action) => table[action].from.includes(state));
  return {
    name,
    states,
    table,
    can: (state, action) => table[action]?.from.includes(state) ?? false,
    next(state, action) {
      if (!table[action]?.from.includes(state)) throw new IllegalTransitionError(name, state, action, actionsFrom(state));
      return table[action].to;
    },
    actionsFrom,
    isFinal: (state) => actionsFrom(state).length === 0,
    sourcesOf: (action) => table[action].from,
  };
}
