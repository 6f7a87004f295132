// Counted nouns in one place ("1 task", "2 tasks"), for the server and the browser alike.
const rules = new Intl.PluralRules("en");

/** `plural(1, "task")` → "1 task"; `plural(3, "task")` → "3 tasks"; irregular plurals as the third argument. */
export function plural(n: number, one: string, other = `${one}s`): string {
  return `${n.toLocaleString("en")} ${rules.select(n) === "one" ? one : other}`;
}
