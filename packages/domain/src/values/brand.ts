/** @module values/brand  Nominal typing for validated strings. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };
