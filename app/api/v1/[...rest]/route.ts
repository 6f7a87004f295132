// Any /api/v1 path no route serves: the JSON 404 (see lib/http/unknown-route.ts)
import { unknownApiRoute } from "@/lib/http/unknown-route";

export const GET = unknownApiRoute;
export const POST = unknownApiRoute;
export const PUT = unknownApiRoute;
export const PATCH = unknownApiRoute;
export const DELETE = unknownApiRoute;
