/** Task Master numbering: top-level `12`, subtask `12.3`. */
export function formatRef(number: number, subNumber: number): string {
  return subNumber > 0 ? `${number}.${subNumber}` : String(number);
}

export function parseRef(ref: string): { number: number; subNumber: number } {
  const [n, s] = ref.replace(/^#/, "").split(".");
  return { number: Number(n), subNumber: s ? Number(s) : 0 };
}

export function compareRefs(a: { number: number; subNumber: number }, b: { number: number; subNumber: number }) {
  return a.number - b.number || a.subNumber - b.subNumber;
}
