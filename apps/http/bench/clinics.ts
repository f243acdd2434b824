/**
 * @module bench/clinics
 * The bench's clinics, created through the admin API like any clinic: open every day from 00:00
 * to 23:55 in a zone without DST, 5-minute slots, no notice, two years ahead, so every booking of
 * a run can have a slot of its own. Each is reached by its own Vapi assistant id.
 */
export const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef0123";
/** UTC all year (no DST gap to fall into), and an IANA region zone as the admin API requires. */
export const BENCH_ZONE = "Africa/Abidjan";
export const SLOT_MINUTES = 5;

/** `fetch` against a live server, or `app.request` in process. */
export type Requester = (path: string, init: RequestInit) => Promise<Response>;

export interface BenchClinic {
  readonly orgId: string;
  readonly assistantId: string;
}

const allDay = [{ open: "00:00", close: "23:55" }];
const days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export async function createClinic(request: Requester, assistantId: string): Promise<BenchClinic> {
  const res = await request("/api/admin/clinics", {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      name: `Bench ${assistantId}`,
      zone: BENCH_ZONE,
      region: "GB",
      openingHours: Object.fromEntries(days.map((d) => [d, allDay])),
      slotMinutes: SLOT_MINUTES,
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 730,
      vapiAssistantIds: [assistantId],
    }),
  });
  if (res.status !== 201) throw new Error(`creating clinic ${assistantId}: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  return { orgId: id, assistantId };
}

/** `n` clinics named `prefix-0` … `prefix-(n-1)`, created one after another. */
export async function createClinics(request: Requester, prefix: string, n: number): Promise<BenchClinic[]> {
  const clinics: BenchClinic[] = [];
  for (let i = 0; i < n; i++) clinics.push(await createClinic(request, `asst_${prefix}_${i}`));
  return clinics;
}
