import { z } from "zod";
import { boolFromQuery } from "./common";

export const graphQuery = z.strictObject({
  /** Leave out finished work (done and cancelled tasks) and the edges that touch it. */
  hideDone: boolFromQuery.optional(),
});
