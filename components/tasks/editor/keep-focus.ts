/**
 * Spread on buttons that close the drawer or open another task: pressing them does not take focus
 * from a text field first, so its edit is still unsaved when the guard asks about it (a blur
 * would save it instead).
 */
export const keepFocus = { onMouseDown: (e: { preventDefault: () => void }) => e.preventDefault() };
