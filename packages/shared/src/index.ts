export * from "./asctime";
export * from "./bytes";
export * from "./rpc";
export * from "./tokens";
export * from "./usernames";
export * from "./zoobars";
export * from "./capability-check";
