// The UI proper, loaded by main.ts once the start screen's data has been asked for.
import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

export function boot(target: HTMLElement): void {
  mount(App, { target });
}
