/**
 * Kahn's topological order of nodes 0..n-1 given each node's successors. Nodes on a cycle (and
 * everything behind one) are missing from the result.
 */
export function topologicalOrder(next: readonly (readonly number[])[]): number[] {
  const indegree = new Int32Array(next.length);
  for (const js of next) for (const j of js) indegree[j]!++;
  const order: number[] = [];
  for (let i = 0; i < next.length; i++) if (indegree[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    for (const j of next[order[k]!]!) if (--indegree[j]! === 0) order.push(j);
  }
  return order;
}
