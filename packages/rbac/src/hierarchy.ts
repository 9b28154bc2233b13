/**
 * For each role, the set of roles whose permissions it holds (itself included), given for each role
 * the roles it inherits directly. Returns the first cycle found instead when there is one.
 */
export function resolveHierarchy(
  inherits: ReadonlyMap<string, readonly string[]>,
): { powers: Map<string, ReadonlySet<string>> } | { cycle: string[] } {
  const powers = new Map<string, ReadonlySet<string>>();
  const path: string[] = [];

  function visit(role: string): ReadonlySet<string> | string[] {
    const known = powers.get(role);
    if (known) return known;
    const at = path.indexOf(role);
    if (at !== -1) return [...path.slice(at), role];
    path.push(role);
    const set = new Set([role]);
    for (const parent of inherits.get(role) ?? []) {
      const result = visit(parent);
      if (Array.isArray(result)) return result;
      for (const r of result) set.add(r);
    }
    path.pop();
    powers.set(role, set);
    return set;
  }

  for (const role of inherits.keys()) {
    const result = visit(role);
    if (Array.isArray(result)) return { cycle: result };
  }
  return { powers };
}
