/** The data section of the tfjs train.ts: shared with the loops backend, in ../common/train-data.ts. */
export { dataPlan, type DataPlan } from "../common/train-data.js";
