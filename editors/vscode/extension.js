// Starts `scenec lsp` for .scene files; everything else (diagnostics, completion,
// hover, definition, formatting, symbols) comes from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("scene").get("server.command") || "scenec";
  const serverOptions = { command, args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "scene" },
      { scheme: "untitled", language: "scene" },
    ],
  };
  client = new LanguageClient("scenec", "scenec language server", serverOptions, clientOptions);
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `Could not start \`${command} lsp\`: ${error.message}. Install scenec or set "scene.server.command".`);
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
