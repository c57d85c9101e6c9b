// Starts the start screen's query first, then loads the UI, so the two overlap.
import { prefetchStart } from "./lib/ipc/start";
import { parseRoute } from "./lib/routes";

if (parseRoute(location.hash).name === "today") prefetchStart();

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
void import("./boot").then(({ boot }) => boot(target));
