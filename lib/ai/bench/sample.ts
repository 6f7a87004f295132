// The bench's fixed material: the same PRD, the same task to expand and the same ten tasks to
// score on every model, so figures from different models and different days compare.
import type { ComplexityPromptTask } from "../prompts/complexity";

export const BENCH_PRD = `# Shelf — a small library lending app for a community centre

## Goal
Volunteers lend books, board games and tools to members. Today they use a paper ledger; items
go missing and nobody knows what is overdue. Shelf replaces the ledger with a web app that runs on
the centre's old laptop.

## Users
- Volunteers sign in, lend and take back items, and see what is overdue.
- Members have a card number; they do not sign in.
- The coordinator adds items, manages volunteers and prints a monthly report.

## Requirements
1. Items: title, kind (book, game, tool), a short description, a shelf location and a barcode.
   The coordinator adds, edits and retires items. Search by title and barcode.
2. Members: name, card number, phone or email. Volunteers can register a member at the desk.
3. Lending: scan or type an item's barcode and a card number to lend; the due date is 21 days
   later (7 for tools). Taking an item back closes the loan. An item is never lent twice at once.
4. Overdue: a list of overdue loans with the member's contact, oldest first; a volunteer can
   mark that the member was reminded.
5. Report: a monthly page with loans per kind, the most borrowed items and the overdue count,
   printable on one A4 page.
6. Accounts: volunteers and the coordinator sign in with a password; only the coordinator manages
   items and volunteers.
7. It runs offline on one laptop with a nightly backup to a USB stick.

## Out of scope
Fines, reservations, online access for members.`;

/** The task the bench expands into subtasks. */
export const BENCH_EXPAND_TASK = {
  ref: "3",
  title: "Lend and take back items at the desk",
  description: "Volunteers lend an item to a member by barcode and card number, and close the loan when it comes back.",
  details:
    "A loan links an item and a member with a due date: 21 days, 7 for tools. An item with an open loan cannot be lent again. " +
    "The desk screen takes a barcode scanner's input (it types the code and Enter) or typed input. Taking back closes the open loan.",
  testStrategy: "Lend an item, try to lend it again (refused), take it back, lend it again.",
  expansionPrompt: null,
} as const;

export const BENCH_EXPAND_COUNT = 4;
export const BENCH_EXPAND_PREREQUISITES = ["#1 Store items with barcodes", "#2 Register members"];

/** The ten tasks the bench scores for complexity. */
export const BENCH_COMPLEXITY_TASKS: ComplexityPromptTask[] = [
  ["1", "Set up the project and the database", "A web app with a SQLite database and migrations."],
  ["2", "Store items with barcodes", "Items with title, kind, description, shelf location and a unique barcode."],
  ["3", "Register members", "Members with name, card number and a phone or an email."],
  ["4", "Lend and take back items at the desk", "Loans by barcode and card number, with due dates by kind."],
  ["5", "Search items by title and barcode", "One search box on the desk screen."],
  ["6", "List overdue loans", "Overdue loans with contact details, oldest first; mark a member as reminded."],
  ["7", "Sign in for volunteers and the coordinator", "Password sign-in; only the coordinator manages items and volunteers."],
  ["8", "Monthly report", "Loans per kind, most borrowed items and overdue count on one printable page."],
  ["9", "Nightly backup to a USB stick", "Copy the database to a mounted USB stick every night and keep seven copies."],
  ["10", "Retire items", "The coordinator retires an item; it is no longer lent but stays in the history."],
].map(([ref, title, description], i) => ({
  ref: ref!,
  title: title!,
  description: description!,
  details: "",
  dependencies: i === 0 ? [] : ["1"],
  subtasks: 0,
}));

/** Tasks the sample PRD asks the model for. */
export const BENCH_PRD_TASKS = 8;
