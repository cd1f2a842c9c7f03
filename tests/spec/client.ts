// A client generated from spec/sessions.yaml by openapi-typescript, used
// with openapi-fetch as a frontend would.  tests/spec/test_third_party.sh
// typechecks it with `tsc --noEmit`: it must compile, and the line after
// each ts-expect-error directive must be an error (an unused directive
// fails the check).
import createClient from "openapi-fetch";
import type { operations, paths } from "./sessions";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:8888" });

// sessionsCreate's body is a real type, not unknown.
type CreateBody = operations["sessionsCreate"]["requestBody"] extends infer B
  ? B extends { content: { "application/json": infer J } } ? J : never
  : never;
// @ts-expect-error a number is no create body
const notABody: CreateBody = 5;

export async function createSession(): Promise<string> {
  const { data, error } = await client.POST("/api/sessions", {
    body: { path: "a.ipynb", type: "notebook", name: "a.ipynb", kernel: { name: "python3" } },
  });
  if (error || !data) {
    throw new Error(String(error?.message));
  }
  const kernelName: string = data.kernel.name;
  return data.id + kernelName;
}

export async function misspelt(): Promise<void> {
  await client.POST("/api/sessions", {
    // @ts-expect-error 'tpye' is not a key of a create body (and type is missing)
    body: { path: "a.ipynb", tpye: "notebook", name: "a.ipynb", kernel: { name: "python3" } },
  });
}

export async function oldForm(): Promise<void> {
  await client.POST("/api/sessions", { body: { notebook: { path: "old.ipynb" }, kernel: { name: "python3" } } });
}

export async function rename(id: string): Promise<string | null | undefined> {
  const { data } = await client.PATCH("/api/sessions/{session}", {
    params: { path: { session: id } },
    body: { name: "b.ipynb" },
  });
  return typeof data?.name === "string" ? data.name : null;
}

export { notABody };
