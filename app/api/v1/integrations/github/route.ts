// POST /api/v1/integrations/github — GitHub's webhook: signed deliveries for linked repositories
import { withPublic } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { receiveDelivery } from "@/lib/integrations/github/receive";

export const POST = withPublic("POST /integrations/github", async (req, _params, body) => {
  const { status, body: answer } = await receiveDelivery(
    {
      event: req.headers.get("x-github-event"),
      deliveryId: req.headers.get("x-github-delivery"),
      signature: req.headers.get("x-hub-signature-256"),
    },
    body as string,
  );
  return json(answer, status);
});
